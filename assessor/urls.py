from django.contrib import admin
from django.urls import include, path

from assessor import views

assessment_patterns = [
    path("", views.resume, name="resume"),
    path("step/<str:step>/", views.step, name="step"),
    path("answer/", views.answer, name="answer"),
    path("questions/<str:key>/history/", views.history, name="history"),
    path("results/", views.results, name="results"),
    path("complete/", views.complete, name="complete"),
    path("reopen/", views.reopen, name="reopen"),
]

app_patterns = [
    path("orgs/<slug:slug>/assessments/new/", views.start, name="start"),
    path("orgs/<slug:slug>/assessments/<uuid:code>/", include(assessment_patterns)),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include((app_patterns, "assessor"))),
    path("", include("accounts.urls")),
    path("", include("reports.urls")),
]
