"""Reports of an assessment (PDF, PDF/A, Word, PowerPoint): request one,
follow its status, download it.

The same services, permission checks and file access as the report pages.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import renderers, serializers
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import can_facilitate
from assessor.api.access import api_assessment, api_report
from assessor.api.docs import operation, paged
from assessor.api.pagination import Pages
from reports import services
from reports.download import report_file_response
from reports.models import DOCX, PPTX, Report


class ReportSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    number = serializers.IntegerField(help_text="Version of the report for this assessment.")
    variant = serializers.ChoiceField(choices=Report.Variant.choices)
    status = serializers.ChoiceField(choices=Report.Status.choices)
    error = serializers.CharField(help_text="Why it failed, when it did.")
    size = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    requested_by = serializers.EmailField(
        source="requested_by.email", allow_null=True, default=None
    )
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download = serializers.SerializerMethodField()

    def get_download(self, report: Report) -> str | None:
        """The download URL once the report is ready."""
        if report.status != Report.Status.READY:
            return None
        a = report.assessment
        return reverse("api:download", args=[a.organization.slug, a.code, report.code])


class ReportRequestSerializer(serializers.Serializer):
    variant = serializers.ChoiceField(
        choices=Report.Variant.choices,
        required=False,
        help_text="The format: PDF (standard), archival PDF/A-3b, Word or PowerPoint.",
    )
    pdfa = serializers.BooleanField(
        default=False, help_text="Archival PDF/A-3b: variant=pdfa (kept for v1 clients)."
    )

    def validate(self, data: dict) -> dict:
        if "variant" not in data:
            data["variant"] = Report.Variant.PDFA if data["pdfa"] else Report.Variant.STANDARD
        return data


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for application/pdf; the file itself bypasses rendering."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


class DOCXRenderer(PDFRenderer):
    media_type = DOCX.content_type
    format = "docx"


class PPTXRenderer(PDFRenderer):
    media_type = PPTX.content_type
    format = "pptx"


@operation(
    methods=["GET"],
    operation_id="reports_list",
    summary="Reports of an assessment, newest first",
    response=paged(ReportSerializer),
)
@operation(
    methods=["POST"],
    operation_id="report_request",
    summary="Request a new report version",
    description="Rendering happens in the background: poll the report until it is ready.",
    request=ReportRequestSerializer,
    response=ReportSerializer,
    permission="can_facilitate",
    write=True,
    status=202,
)
@api_view(["GET", "POST"])
def reports(request: Request, slug: str, code) -> Response:
    if request.method == "POST":
        return _request(request, slug, code)
    return _list(request, slug, code)


def _list(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code)
    reports = assessment.reports.select_related("requested_by").defer("snapshot")
    pages = Pages()
    page = services.reports_recover(reports=pages.paginate_queryset(reports, request))
    for report in page:
        report.assessment = assessment
    return pages.get_paginated_response(ReportSerializer(page, many=True).data)


def _request(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code, require=can_facilitate)
    given = ReportRequestSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    report = services.report_request(
        assessment=assessment, user=request.user, variant=given.validated_data["variant"]
    )
    report.assessment = assessment
    return Response(ReportSerializer(report).data, status=202)


@operation(
    operation_id="report_read", summary="One report and its status", response=ReportSerializer
)
@api_view(["GET"])
def report_detail(request: Request, slug: str, code, report_code) -> Response:
    _, assessment, report = api_report(request, slug, code, report_code)
    services.reports_recover(reports=[report])
    report.assessment = assessment
    return Response(ReportSerializer(report).data)


@operation(
    operation_id="report_download",
    summary="Download a ready report (PDF, Word or PowerPoint, as requested)",
    response=OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file."),
    status=(200, "application/pdf"),
    extra={
        (200, DOCX.content_type): OpenApiResponse(
            OpenApiTypes.BINARY, description="The Word report."
        ),
        (200, PPTX.content_type): OpenApiResponse(
            OpenApiTypes.BINARY, description="The PowerPoint readout deck."
        ),
    },
)
@api_view(["GET"])
@renderer_classes([renderers.JSONRenderer, PDFRenderer, DOCXRenderer, PPTXRenderer])
def report_download(request: Request, slug: str, code, report_code):
    _, _, report = api_report(request, slug, code, report_code)
    return report_file_response(report, request=request)
