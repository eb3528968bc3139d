from django.urls import path

from assessor.plans import export_views, views

app_name = "plans"

urlpatterns = [
    path("orgs/<slug:slug>/plan/", views.plan, name="plan"),
    path("orgs/<slug:slug>/plan/new/", views.action_new, name="action_new"),
    path("orgs/<slug:slug>/plan/<uuid:action_code>/", views.action, name="action"),
    path("orgs/<slug:slug>/plan/export.csv", export_views.plan_csv, name="export_csv"),
    path("orgs/<slug:slug>/plan/export.json", export_views.plan_json, name="export_json"),
    path("orgs/<slug:slug>/plan/import/", export_views.plan_import, name="import"),
    path(
        "orgs/<slug:slug>/assessments/<uuid:code>/export.xlsx",
        export_views.assessment_xlsx,
        name="assessment_xlsx",
    ),
]
