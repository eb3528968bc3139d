"""The plan pages: an organization's actions, a new action, one action."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access as accounts_access
from accounts.models import Membership
from assessor.http import HtmxHttpRequest
from assessor.models import Assessment, Framework
from assessor.plans import prefill, services
from assessor.plans.access import action_for_user
from assessor.plans.forms import ActionForm, initial_values
from assessor.plans.listing import plan_listing
from assessor.plans.models import Action
from assessor.plans.words import history_rows, question_links


@login_required
@require_http_methods(["GET"])
def plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Every action of the organization, filtered by assessment, practice
    area, owner and status (overdue included)."""
    membership = accounts_access.membership_for_user(request.user, slug)
    listing = plan_listing(membership.organization, request.GET)
    ctx = {"membership": membership, "org": membership.organization, **listing}
    return render(request, "plans/plan.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A new action on an assessment's plan, pre-filled from the roadmap item,
    quick win or question it was opened from."""
    membership = accounts_access.membership_for_user(
        request.user, slug, require=accounts_access.can_facilitate
    )
    params = request.POST if request.method == "POST" else request.GET
    assessment = _assessment_of(membership, params.get("assessment", ""))
    if assessment is None:
        messages.error(
            request, _("Actions belong to an assessment's plan: start an assessment first.")
        )
        return redirect("plans:plan", slug)
    form = ActionForm(
        request.POST or None,
        initial=_initial(assessment, request.GET),
        framework=assessment.framework.parsed,
        areas=assessment.areas,
        members=_members(membership),
    )
    if request.method == "POST" and form.is_valid():
        action = services.action_create(
            organization=membership.organization,
            assessment=assessment,
            user=request.user,
            **form.changes(),
        )
        messages.success(
            request, _("Action “%(title)s” added to the plan.") % {"title": action.title}
        )
        return redirect(
            _next_url(request, params) or reverse("plans:action", args=[slug, action.code])
        )
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "form": form,
        "next": _next_url(request, params),
    }
    return render(request, "plans/action_new.html", ctx, status=422 if form.errors else 200)


def _initial(assessment: Assessment, params) -> dict:
    try:
        return prefill.prefill(assessment, params)
    except KeyError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def action(request: HtmxHttpRequest, slug: str, action_code) -> HttpResponse:
    """One action: what it is, its history, and (for who may) the form to change it."""
    membership, action = action_for_user(request.user, slug, action_code)
    may_update = action.can_update(membership)
    if request.method == "POST" and not may_update:
        raise PermissionDenied
    assessment = action.assessment or action.created_from
    framework = _framework_of(membership, action)
    members = _members(membership)
    form = ActionForm(
        request.POST or None,
        initial=initial_values(action, members),
        framework=framework,
        areas=assessment.areas if assessment else ("devops", "mlops"),
        members=members,
        limited=not membership.can_facilitate,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        outcome = services.action_update(
            action=action, user=request.user, version=_version(request), **form.changes()
        )
        if outcome.changed:
            messages.success(request, _("Action saved."))
            return redirect("plans:action", slug, action.code)
        if not outcome.conflict:
            messages.info(request, _("Nothing changed."))
            return redirect("plans:action", slug, action.code)
        conflict, action = True, outcome.action
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "action": action,
        "plan_assessment": action.assessment,
        "questions": question_links(action, framework),
        "area_title": _area_title(framework, action.dimension),
        "form": form if may_update else None,
        "version": action.version,
        "conflict": conflict,
        "history": history_rows(action, framework),
    }
    status = 409 if conflict else 422 if form.errors else 200
    return render(request, "plans/action.html", ctx, status=status)


def _version(request: HtmxHttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else -1


def _members(membership: Membership) -> list[Membership]:
    return list(
        Membership.objects.filter(organization=membership.organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def _assessment_of(membership: Membership, code: str) -> Assessment | None:
    """The organization's assessment `code` (404 when it names none of
    them); without a code, its newest one not archived."""
    assessments = membership.organization.assessments.select_related(
        "framework", "organization"
    ).defer("framework__document")
    if not code:
        return assessments.filter(archived_at__isnull=True).order_by("-created_at").first()
    try:
        return assessments.get(code=uuid.UUID(code))
    except (Assessment.DoesNotExist, ValueError):
        raise Http404 from None


def _framework_of(membership: Membership, action: Action):
    """The bank the action's questions come from: its plan's assessment's, else
    the organization's newest assessment's, else (every assessment deleted:
    the plan outlives them) the newest bank that has its practice area."""
    assessment = (
        action.assessment
        or action.created_from
        or membership.organization.assessments.select_related("framework")
        .order_by("-created_at")
        .first()
    )
    if assessment is not None:
        return assessment.framework.parsed
    for framework in Framework.objects.order_by("-pk"):
        if framework.parsed.has_dimension(action.dimension):
            return framework.parsed
    raise Http404


def _area_title(framework, key: str) -> str:
    return framework.dimension(key).title if framework.has_dimension(key) else key


def _next_url(request: HtmxHttpRequest, params) -> str:
    """Where to go after saving: a page of this site the form was opened from."""
    url = params.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
