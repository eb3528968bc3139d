from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from accounts.access import can_facilitate
from accounts.audit.models import Kind
from accounts.audit.recording import record
from assessor.access import assessment_for_user
from assessor.http import HtmxHttpRequest
from reports import services
from reports.access import report_for_user
from reports.download import report_file_response
from reports.models import Report


@login_required
def report_list(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    membership, assessment = assessment_for_user(request.user, slug, code)
    reports = services.reports_recover(
        reports=list(assessment.reports.select_related("requested_by").defer("snapshot"))
    )
    return render(
        request,
        "reports/report_list.html",
        {"membership": membership, "assessment": assessment, "reports": reports},
    )


@login_required
@require_POST
def report_generate(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    membership, assessment = assessment_for_user(request.user, slug, code, require=can_facilitate)
    # "pdfa=1" is the checkbox of the first release's form, still accepted.
    variant = request.POST.get("variant") or (
        Report.Variant.PDFA if request.POST.get("pdfa") == "1" else Report.Variant.STANDARD
    )
    if variant not in Report.Variant.values:
        return HttpResponseBadRequest("Choose PDF, PDF/A, DOCX or PPTX.")
    report = services.report_request(assessment=assessment, user=request.user, variant=variant)
    if request.htmx:
        # The results page's panel swaps itself for the new list of versions.
        reports = services.reports_latest(assessment=assessment)
        return render(
            request,
            "reports/_panel.html",
            {"membership": membership, "assessment": assessment, "reports": reports},
        )
    if report.status == Report.Status.FAILED:
        messages.error(
            request,
            _("Report v%(number)s could not start.") % {"number": report.number}
            + " "
            + services.error_in_words(report.error),
        )
    else:
        messages.success(request, _("Report v%(number)s requested.") % {"number": report.number})
    return redirect("reports:list", slug, assessment.code)


@login_required
def report_status(request: HtmxHttpRequest, slug: str, code, report_code) -> HttpResponse:
    """The report's page; for htmx, only its status, polled until it is final."""
    membership, assessment, report = report_for_user(request.user, slug, code, report_code)
    services.reports_recover(reports=[report])
    context = {"membership": membership, "assessment": assessment, "report": report}
    if request.htmx:
        html = render_to_string("reports/report.html#status", context, request)
        # 286 tells htmx to stop polling; it still swaps in the final state.
        return HttpResponse(html) if report.is_pending else HttpResponseStopPolling(html)
    return render(request, "reports/report.html", context)


@login_required
def report_download(request: HttpRequest, slug: str, code, report_code) -> FileResponse:
    *_unused, report = report_for_user(request.user, slug, code, report_code)
    return report_file_response(report, request=request)


@login_required
@require_POST
def report_retry(request: HtmxHttpRequest, slug: str, code, report_code) -> HttpResponse:
    membership, assessment, report = report_for_user(
        request.user, slug, code, report_code, require=can_facilitate
    )
    if not services.report_retry(report=report):
        messages.info(
            request,
            _("Report v%(number)s: %(status)s.")
            % {"number": report.number, "status": report.get_status_display()},
        )
    if request.htmx:
        return render(
            request,
            "reports/report.html#status",
            {"membership": membership, "assessment": assessment, "report": report},
        )
    return redirect("reports:list", slug, assessment.code)


@login_required
@require_POST
def report_delete(request: HttpRequest, slug: str, code, report_code) -> HttpResponse:
    membership, assessment, report = report_for_user(
        request.user, slug, code, report_code, require=can_facilitate
    )
    services.report_delete(report=report)
    record(
        Kind.REPORT_DELETED,
        request=request,
        organization=membership.organization,
        target=f"{assessment.title}, v{report.number}",
        target_code=report.code,
        detail={"status": report.status},
    )
    messages.success(
        request, _("Report v%(number)s and its file were deleted.") % {"number": report.number}
    )
    return redirect("reports:list", slug, assessment.code)
