from django.urls import path

from assessor.branding import views

app_name = "branding"

urlpatterns = [
    path("settings/branding/", views.installation, name="installation"),
    path("branding/logo", views.installation_logo, name="logo"),
    path("branding/brand.css", views.installation_css, name="css"),
    path("orgs/<slug:slug>/branding/", views.organization, name="organization"),
    path("orgs/<slug:slug>/branding/logo", views.organization_logo, name="organization_logo"),
    path("orgs/<slug:slug>/branding/brand.css", views.organization_css, name="organization_css"),
]
