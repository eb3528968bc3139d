"""Housekeeping of one assessment: rename, archive, delete (owner or facilitator)."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import access as accounts_access
from accounts.audit.models import Kind
from accounts.audit.recording import record
from assessor import services
from assessor.access import assessment_for_user
from assessor.assessment_language import speak
from assessor.forms import language_field
from assessor.models import Assessment


class RenameForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=Assessment._meta.get_field("title").max_length,
        strip=True,
    )


class LanguageForm(forms.Form):
    """The assessment's language: English or one its bank has a translation into."""

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = language_field(assessment.framework, assessment.language)
        self.fields["language"].help_text = ""  # the card says it above


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    membership, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_facilitate
    )
    action = request.POST.get("action", "rename")
    form = RenameForm(
        request.POST if request.method == "POST" and action == "rename" else None,
        initial={"title": assessment.title},
    )
    language_form = LanguageForm(
        request.POST if request.method == "POST" and action == "language" else None,
        assessment=assessment,
    )
    if request.method == "POST" and action == "language":
        if language_form.is_valid():
            if services.assessment_set_language(
                assessment=assessment,
                language=language_form.cleaned_data["language"],
                user=request.user,
            ):
                speak(assessment)  # the confirmation in the language it now speaks
                messages.success(
                    request,
                    _("This assessment now uses %(language)s.")
                    % {
                        "language": dict(language_form.fields["language"].choices)[
                            assessment.language
                        ]
                    },
                )
            return redirect("assessor:manage", slug, code)
    elif request.method == "POST":
        if action in ("archive", "restore"):
            archived = action == "archive"
            if services.assessment_archive(
                assessment=assessment, archived=archived, user=request.user
            ):
                messages.success(
                    request,
                    _(
                        "“%(title)s” is archived: it left the list of assessments and "
                        "stays in the timeline."
                    )
                    % {"title": assessment.title}
                    if archived
                    else _("“%(title)s” is back in the list of assessments.")
                    % {"title": assessment.title},
                )
            return redirect("assessor:manage", slug, code)
        if form.is_valid():
            if services.assessment_rename(
                assessment=assessment, title=form.cleaned_data["title"], user=request.user
            ):
                messages.success(
                    request, _("Renamed to “%(title)s”.") % {"title": assessment.title}
                )
            return redirect("assessor:manage", slug, code)
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "form": form,
        "language_form": language_form,
        "report_count": assessment.reports.count(),
    }
    return render(request, "assessor/manage.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    """GET asks for confirmation (the title typed again); POST deletes."""
    membership, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_facilitate
    )
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_title", "").strip() == assessment.title:
            deletion = services.assessment_delete(assessment=assessment, user=request.user)
            record(
                Kind.ASSESSMENT_DELETED,
                request=request,
                organization=membership.organization,
                target=deletion.title,
                target_code=deletion.code,
                detail={"answers": deletion.answers, "reports": deletion.reports},
            )
            messages.success(
                request,
                _("“%(title)s” and its reports were deleted.") % {"title": assessment.title},
            )
            return redirect("accounts:organization", slug)
        error = _("Type the title exactly as shown to confirm.")
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "answer_count": assessment.answers.count(),
        "report_count": assessment.reports.count(),
        "follow_ups": assessment.follow_ups.count(),
        "error": error,
    }
    return render(request, "assessor/delete.html", ctx, status=422 if error else 200)
