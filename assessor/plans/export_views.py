"""Downloads of the plan (CSV for trackers, JSON for scripts), the whole
assessment as an XLSX workbook, and the plan's CSV import."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from accounts import access as accounts_access
from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.models import Membership
from assessor.access import assessment_for_user
from assessor.models import Assessment
from assessor.plans import exports, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET"])
def plan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(request.user, slug)
    assessment = _chosen_assessment(membership, request.GET.get("assessment", ""))
    actions = exports.plan_actions(membership.organization, assessment)
    _record_plan_export(request, membership, assessment, "csv", len(actions))
    response = HttpResponse(exports.plan_to_csv(actions), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(membership, assessment, "plan", "csv")
    return response


@login_required
@require_http_methods(["GET"])
def plan_json(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(request.user, slug)
    assessment = _chosen_assessment(membership, request.GET.get("assessment", ""))
    actions = exports.plan_actions(membership.organization, assessment)
    _record_plan_export(request, membership, assessment, "json", len(actions))
    data = exports.plan_to_json(membership.organization, actions)
    body = json.dumps(data, indent=2, ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = _attachment(membership, assessment, "plan", "json")
    return response


@login_required
@require_http_methods(["GET"])
def assessment_xlsx(request: HttpRequest, slug: str, code) -> HttpResponse:
    membership, assessment = assessment_for_user(request.user, slug, code)
    record(
        Kind.ASSESSMENT_EXPORTED,
        request=request,
        organization=membership.organization,
        target=assessment.title,
        target_code=assessment.code,
        detail={"format": "xlsx"},
    )
    response = HttpResponse(workbook.assessment_workbook(assessment), content_type=XLSX)
    response["Content-Disposition"] = _attachment(membership, assessment, "", "xlsx")
    return response


class PlanImportForm(forms.Form):
    assessment = forms.ChoiceField(
        label=gettext_lazy("Onto the plan of"),
        help_text=gettext_lazy("New actions join this assessment's plan."),
    )
    file = forms.FileField(
        label=gettext_lazy("Plan (.csv)"),
        help_text=gettext_lazy(
            "A file downloaded with “Export CSV” on the plan page, edited or not. "
            "Rows with an Action id of this organization update that action; "
            "the others become new actions."
        ),
    )

    def __init__(self, *args, assessments: list[Assessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [(str(a.code), a.title) for a in assessments]


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(
        request.user, slug, require=accounts_access.can_facilitate
    )
    org = membership.organization
    assessments = list(
        org.assessments.filter(archived_at__isnull=True).select_related("framework", "organization")
    )
    posted = request.method == "POST"
    form = PlanImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        assessments=assessments,
        initial={"assessment": request.GET.get("assessment", "")},
    )
    errors: list[str] = []
    if posted and form.is_valid():
        assessment = next(a for a in assessments if str(a.code) == form.cleaned_data["assessment"])
        data = form.cleaned_data["file"].read(exports.MAX_IMPORT_BYTES + 1)
        try:
            created, updated = exports.plan_import(
                assessment=assessment, user=request.user, data=data
            )
        except exports.ImportInvalid as e:
            errors = e.errors
        else:
            record(
                Kind.PLAN_IMPORTED,
                request=request,
                organization=org,
                target=assessment.title,
                target_code=assessment.code,
                detail={"created": created, "updated": updated},
            )
            messages.success(
                request,
                ngettext(
                    "Imported the plan: %(created)d new action, %(updated)d updated.",
                    "Imported the plan: %(created)d new actions, %(updated)d updated.",
                    created,
                )
                % {"created": created, "updated": updated},
            )
            return redirect("plans:plan", slug)
    ctx = {
        "form": form,
        "errors": errors,
        "membership": membership,
        "org": org,
        "has_assessments": bool(assessments),
        # The columns as this language's export names them (English works too).
        "columns": ", ".join(exports.csv_header()),
    }
    return render(request, "plans/import.html", ctx, status=422 if posted else 200)


def _record_plan_export(
    request: HttpRequest,
    membership: Membership,
    assessment: Assessment | None,
    file_format: str,
    count: int,
) -> None:
    record(
        Kind.PLAN_EXPORTED,
        request=request,
        organization=membership.organization,
        target=assessment.title if assessment else "the whole plan",
        target_code=assessment.code if assessment else None,
        detail={"format": file_format, "actions": count},
    )


def _chosen_assessment(membership: Membership, code: str) -> Assessment | None:
    """The assessment whose plan to export (`?assessment=<code>`), or None for all."""
    if not code:
        return None
    try:
        return Assessment.objects.get(code=code, organization=membership.organization)
    except (Assessment.DoesNotExist, ValueError, forms.ValidationError):
        raise Http404 from None


def _attachment(membership: Membership, assessment: Assessment | None, kind: str, ext: str):
    # slugify keeps the name ASCII, so no header quoting or RFC 5987 is needed.
    parts = [membership.organization.slug]
    if assessment is not None:
        parts.append(slugify(assessment.title)[:60] or "assessment")
    if kind:
        parts.append(kind)
    parts.append(timezone.localdate().isoformat())
    return f'attachment; filename="{"-".join(parts)}.{ext}"'
