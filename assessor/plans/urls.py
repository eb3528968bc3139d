from django.urls import path

from assessor.plans import views

app_name = "plans"

urlpatterns = [
    path("orgs/<slug:slug>/plan/", views.plan, name="plan"),
    path("orgs/<slug:slug>/plan/new/", views.action_new, name="action_new"),
    path("orgs/<slug:slug>/plan/<uuid:action_code>/", views.action, name="action"),
]
