from django.urls import path

from accounts.audit import views

app_name = "audit"

urlpatterns = [
    path("orgs/<slug:slug>/audit/", views.log, name="log"),
    path("orgs/<slug:slug>/audit/export.csv", views.log_export, name="export"),
]
