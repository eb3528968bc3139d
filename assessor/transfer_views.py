"""Downloads of an assessment as CSV or JSON, and the JSON import page."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access as accounts_access
from accounts.audit.models import Kind
from accounts.audit.recording import record
from assessor import transfer
from assessor.access import assessment_for_user
from assessor.models import Assessment


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Exported assessment (.json)"),
        help_text=gettext_lazy(
            "A file downloaded with “Export JSON” here or on another installation."
        ),
    )


@login_required
def export_csv(request: HttpRequest, slug: str, code) -> HttpResponse:
    _, assessment = assessment_for_user(request.user, slug, code)
    _record_export(request, assessment, "csv")
    response = HttpResponse(transfer.assessment_to_csv(assessment), content_type="text/csv")
    response["Content-Disposition"] = _attachment(assessment, "csv")
    return response


@login_required
def export_json(request: HttpRequest, slug: str, code) -> HttpResponse:
    _, assessment = assessment_for_user(request.user, slug, code)
    _record_export(request, assessment, "json")
    body = json.dumps(transfer.assessment_to_json(assessment), indent=2, ensure_ascii=False)
    response = HttpResponse(body.encode(), content_type="application/json")
    response["Content-Disposition"] = _attachment(assessment, "json")
    return response


def _record_export(request: HttpRequest, assessment: Assessment, file_format: str) -> None:
    record(
        Kind.ASSESSMENT_EXPORTED,
        request=request,
        organization=assessment.organization,
        target=assessment.title,
        target_code=assessment.code,
        detail={"format": file_format},
    )


def _attachment(assessment: Assessment, extension: str) -> str:
    # slugify keeps the name ASCII, so no header quoting or RFC 5987 is needed.
    title = slugify(assessment.title)[:60] or "assessment"
    date = timezone.localdate().isoformat()
    return f'attachment; filename="{assessment.organization.slug}-{title}-{date}.{extension}"'


@login_required
def import_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(
        request.user, slug, require=accounts_access.can_facilitate
    )
    org = membership.organization
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    errors: list[str] = []
    if posted and form.is_valid():
        # Read one byte past the limit: enough to say "too large" without
        # holding a huge upload in memory.
        data = form.cleaned_data["file"].read(transfer.MAX_IMPORT_BYTES + 1)
        try:
            assessment = transfer.assessment_import(organization=org, user=request.user, data=data)
        except transfer.ImportInvalid as e:
            errors = e.errors
        else:
            record(
                Kind.ASSESSMENT_IMPORTED,
                request=request,
                organization=org,
                target=assessment.title,
                target_code=assessment.code,
                detail={"answers": assessment.answers.count()},
            )
            messages.success(request, _("Imported “%(title)s”.") % {"title": assessment.title})
            _mention_regulation(request, data, org)
            return redirect("assessor:results", slug, assessment.code)
    status = 422 if posted else 200
    ctx = {"form": form, "errors": errors, "membership": membership, "org": org}
    return render(request, "assessor/import.html", ctx, status=status)


def _mention_regulation(request: HttpRequest, data: bytes, org) -> None:
    """Scores travel unchanged, but the advice follows this organization's settings."""
    source = json.loads(data.decode("utf-8-sig")).get("organization") or {}
    regulated = source.get("regulated")
    if isinstance(regulated, bool) and regulated != org.regulated:
        message = (
            _(
                "The exporting organization was regulated; %(name)s is not, so the scores are "
                "the same but the roadmap may differ."
            )
            if regulated
            else _(
                "The exporting organization was not regulated; %(name)s is, so the scores are "
                "the same but the roadmap may differ."
            )
        )
        messages.info(request, message % {"name": org.name})
