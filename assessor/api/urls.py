from csp.constants import SELF
from csp.decorators import csp_update
from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from assessor.api import actions, answers, assessments, organizations, reports, results

app_name = "api"

org = "orgs/<slug:slug>/"
assessment = f"{org}assessments/<uuid:code>/"
answer = f"{assessment}answers/<str:key>/"
report = f"{assessment}reports/<uuid:report_code>/"
action = f"{org}actions/<uuid:action_code>/"


def not_found(request, rest: str = ""):
    """Any other URL under /api/v1/ is a JSON 404 too, not the HTML page."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


urlpatterns = [
    path("orgs/", organizations.organization_list, name="organizations"),
    path(org, organizations.organization_detail, name="organization"),
    path(f"{org}members/", organizations.member_list, name="members"),
    path(f"{org}assessments/", assessments.assessments, name="assessments"),
    path(f"{assessment}", assessments.assessment_detail, name="assessment"),
    path(f"{assessment}complete/", assessments.assessment_complete, name="complete"),
    path(f"{assessment}answers/", answers.answer_list, name="answers"),
    path(answer, answers.answer, name="answer"),
    path(f"{answer}revisions/", answers.answer_revisions, name="revisions"),
    path(f"{assessment}results/", results.results, name="results"),
    path(f"{assessment}reports/", reports.reports, name="reports"),
    path(report, reports.report_detail, name="report"),
    path(f"{report}download/", reports.report_download, name="download"),
    path(f"{org}actions/", actions.actions, name="actions"),
    path(action, actions.action, name="action"),
    path(f"{action}revisions/", actions.action_revisions, name="action_revisions"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        # Swagger UI's stylesheet draws its small icons as data: SVG images:
        # this page alone may load those. Scripts and styles stay 'self'.
        csp_update({"img-src": [SELF, "data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/docs.html", permission_classes=[AllowAny]
            )
        ),
        name="docs",
    ),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),
]
