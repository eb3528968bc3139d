from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.admin_sign_in import admin_sign_in
from assessor import manage_views, ops_views, timeline_views, transfer_views, views
from assessor.assessment_language import speaking

# Before admin.site.urls is built: the admin signs in through the site's own
# sign-in and its two-factor step.
admin.site.login = admin_sign_in

# Every page of one assessment renders in the assessment's language.
assessment_patterns = speaking(
    [
        path("", views.resume, name="resume"),
        path("step/<str:step>/", views.step, name="step"),
        path("answer/", views.answer, name="answer"),
        path("step/<str:step>/confirm/", views.confirm_step, name="confirm_step"),
        path("questions/<str:key>/history/", views.history, name="history"),
        path("results/", views.results, name="results"),
        path("complete/", views.complete, name="complete"),
        path("reopen/", views.reopen, name="reopen"),
        path("export.csv", transfer_views.export_csv, name="export_csv"),
        path("export.json", transfer_views.export_json, name="export_json"),
        path("manage/", manage_views.manage, name="manage"),
        path("delete/", manage_views.delete, name="delete"),
    ]
)

app_patterns = [
    path("orgs/<slug:slug>/assessments/new/", views.start, name="start"),
    path("orgs/<slug:slug>/assessments/follow-up/", timeline_views.follow_up, name="follow_up"),
    # In the language of the latest assessment they show (timeline_views).
    *speaking(
        [
            path("orgs/<slug:slug>/timeline/", timeline_views.timeline, name="timeline"),
            path("orgs/<slug:slug>/compare/", timeline_views.compare, name="compare"),
        ]
    ),
    path(
        "orgs/<slug:slug>/assessments/import/",
        transfer_views.import_assessment,
        name="import",
    ),
    path("orgs/<slug:slug>/assessments/<uuid:code>/", include(assessment_patterns)),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("api/v1/", include("assessor.api.urls")),
    path("", include((app_patterns, "assessor"))),
    path("", include("assessor.workshops.urls")),
    path("", include("assessor.plans.urls")),
    path("", include("accounts.urls")),
    path("", include("accounts.audit.urls")),
    path("", include("reports.urls")),
    path("", include("assessor.branding.urls")),
]
if settings.BENCHMARK_VIEWS:  # only the benchmarks' own server (bench/_server.py)
    from assessor import bench_views

    urlpatterns.append(
        path(
            "bench/orgs/<slug:slug>/assessments/<uuid:code>/minimal-write/",
            bench_views.minimal_write,
        )
    )
