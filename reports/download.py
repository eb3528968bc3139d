"""A ready report's file (PDF, Word or PowerPoint) as a download, for the page
and the API alike; each download is written in the audit log."""

from django.http import FileResponse, Http404, HttpRequest

from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.middleware import PRIVATE
from reports.models import Report


def report_file_response(report: Report, *, request: HttpRequest) -> FileResponse:
    if report.status != Report.Status.READY or not report.file:
        raise Http404
    # Streamed through this view from either storage, never redirected to a
    # presigned bucket URL: the bucket stays private and need not be
    # reachable from browsers (MinIO inside the compose network), the
    # membership check is made at the moment of download and no link can be
    # passed on, and the response keeps our headers. Reports are a few
    # hundred kilobytes, so relaying them costs little.
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        # The row says ready but the storage lost the file (restored
        # from a partial backup, say): say "not found", not "server error".
        raise Http404 from None
    assessment = report.assessment
    record(
        Kind.REPORT_DOWNLOADED,
        request=request,
        organization=assessment.organization,
        target=f"{assessment.title}, v{report.number}",
        target_code=report.code,
        detail={"format": report.variant},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.download_name(),
        content_type=report.file_format.content_type,
    )
    # Never kept by the browser: after sign-out the report must be gone.
    response["Cache-Control"] = PRIVATE
    return response
