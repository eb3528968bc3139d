from django.urls import path

from assessor.assessment_language import speaking
from reports import views

app_name = "reports"

prefix = "orgs/<slug:slug>/assessments/<uuid:code>/reports/"

# The reports of an assessment are listed in the assessment's language.
urlpatterns = speaking(
    [
        path(prefix, views.report_list, name="list"),
        path(f"{prefix}generate/", views.report_generate, name="generate"),
        path(f"{prefix}<uuid:report_code>/", views.report_status, name="status"),
        path(f"{prefix}<uuid:report_code>/download/", views.report_download, name="download"),
        path(f"{prefix}<uuid:report_code>/retry/", views.report_retry, name="retry"),
        path(f"{prefix}<uuid:report_code>/delete/", views.report_delete, name="delete"),
    ]
)
