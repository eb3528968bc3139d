from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts import access as accounts_access
from accounts.models import Membership
from assessor import charts, evidence, explain, services, vocabulary, wizard
from assessor.access import assessment_for_user
from assessor.forms import AnswerForm, StartForm
from assessor.http import HtmxHttpRequest, wants_fragment
from assessor.models import AnswerRevision, Assessment, Framework
from assessor.plans.beside import question_plans
from assessor.submissions import answer_submit
from assessor.workshops.summaries import vote_summaries
from reports import services as report_services


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for the container healthcheck."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(
        request.user, slug, require=accounts_access.can_facilitate
    )
    form = StartForm(request.POST or None)
    framework = _chosen_framework(form)
    if framework is None:
        messages.error(
            request, _("No question bank is installed. Run `manage.py sync_frameworks`.")
        )
        return redirect("accounts:organization", slug)
    form.add_target_fields(framework.parsed)
    form.add_language_field(framework, services.default_language(framework))
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_start(
            organization=membership.organization,
            framework=form.cleaned_data["framework"],
            title=form.cleaned_data["title"],
            scope=form.cleaned_data["scope"],
            targets=form.targets(),
            user=request.user,
            language=form.cleaned_data["language"] or None,
        )
        return redirect("assessor:step", slug, assessment.code, "context")
    return render(
        request,
        "assessor/start.html",
        {"form": form, "membership": membership, "org": membership.organization},
    )


def _chosen_framework(form: StartForm) -> Framework | None:
    chosen = form.data.get("framework") if form.is_bound else None
    banks = form.fields["framework"].queryset
    if chosen and str(chosen).isdigit():
        found = Framework.objects.filter(pk=chosen).first()
        if found:
            return found
    initial = form.fields["framework"].initial
    return initial or banks.first()


@login_required
def resume(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    """Open an assessment where the team stopped: its first unanswered question."""
    _, assessment = assessment_for_user(request.user, slug, code)
    if assessment.is_completed:
        return redirect("assessor:results", slug, code)
    answers = {a.question_key: a for a in assessment.answers.all()}
    step, key = wizard.first_open_position(assessment, answers)
    url = reverse("assessor:step", args=[slug, code, step])
    return redirect(f"{url}#q-{key}" if key else url)


@login_required
def step(request: HtmxHttpRequest, slug: str, code, step: str) -> HttpResponse:
    membership, assessment = assessment_for_user(request.user, slug, code)
    steps = [key for key, _ in assessment.steps()]
    if step not in steps:
        raise Http404
    answers = {a.question_key: a for a in assessment.answers.select_related("answered_by")}
    revisions = dict(
        AnswerRevision.objects.filter(answer__assessment=assessment)
        .values_list("answer__question_key")
        .annotate(n=Count("id"))
    )
    index = steps.index(step)
    nav = wizard.navigation(assessment, answers, step)
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "step": step,
        "step_title": dict(assessment.steps())[step],
        "dimension": None if step == "context" else assessment.framework.parsed.dimension(step),
        "questions": wizard.step_questions(assessment, step, answers, revisions),
        "nav": nav,
        "step_carried": next(s.carried for s in nav if s.current),
        "previous": steps[index - 1] if index else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "progress": assessment.progress(list(answers.values())),
        "client": wizard.new_client_id(),
        "editable": membership.can_answer and not assessment.is_completed,
        "drift": _drift(assessment) if step == "context" else None,
        # The plan's actions beside each question (none on the context step).
        "beside": None if step == "context" else question_plans(assessment, answers),
        "back": reverse("assessor:step", args=[slug, code, step]),
        "evidence_owners": _evidence_owners(assessment),
    }
    # htmx navigation swaps only the wizard.
    template = "assessor/step.html#step-main" if wants_fragment(request) else "assessor/step.html"
    return render(request, template, ctx)


def _evidence_owners(assessment: Assessment) -> list[Membership]:
    """The members who can keep an answer's evidence current."""
    return list(
        Membership.objects.filter(organization_id=assessment.organization_id)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def _drift(assessment: Assessment) -> dict | None:
    """For a follow-up on a newer bank version: the questions new or gone, as
    the room reads them (their text, not their keys)."""
    base = assessment.based_on
    if base is None or base.framework_id == assessment.framework_id:
        return None
    drift = services.question_drift(base, assessment)
    return {
        "any": drift.any,
        "new": [vocabulary.question(assessment.framework.parsed, key).text for key in drift.new],
        "gone": [vocabulary.question(base.framework.parsed, key).text for key in drift.gone],
    }


@login_required
@require_POST
def answer(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    membership, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_answer
    )
    try:
        submitted = answer_submit(assessment=assessment, user=request.user, data=request.POST)
    except services.AssessmentClosed as e:
        if request.htmx:
            # Said next to the question, not lost in a response nobody shows.
            key = request.POST["question"]
            answer = assessment.answers.filter(question_key=key).first()
            step_key, view = wizard.question_view(assessment, key, answer, 0)
            view.errors = [_("Not saved: %(reason)s") % {"reason": e}]
            ctx = {"assessment": assessment, "org": membership.organization, "q": view}
            return _oob_response(request, {**ctx, "step": step_key}, status=409)
        messages.error(request, str(e))
        return redirect("assessor:results", slug, code)
    form, outcome = submitted.form, submitted.outcome
    if outcome is None:
        return _answer_invalid(request, assessment, form)
    step_key, view = wizard.question_view(
        assessment, outcome.answer.question_key, outcome.answer, 0
    )
    if not request.htmx:
        for text in form.held.values():
            messages.error(request, text)
        if outcome.conflict:
            messages.error(
                request,
                _(
                    "Someone else changed this answer while you were editing it. "
                    "Their answer is shown; choose again to replace it."
                ),
            )
        url = reverse("assessor:step", args=[slug, code, step_key])
        return redirect(f"{url}#q-{view.key}")
    if outcome.conflict:
        value = request.POST.get("value", "")
        view.mine = {"value": value, "label": wizard.label_of(view.options, value)}
    view.saved = outcome.changed
    view.field_errors = {name: [text] for name, text in form.held.items()}
    view.defaulted = len(outcome.defaulted)
    ctx = {"assessment": assessment, "org": membership.organization, "q": view, "step": step_key}
    if outcome.progress_changed or outcome.confirmed:
        # Only then do the progress bar and the step navigation need redrawing.
        answers = {a.question_key: a for a in outcome.answers}
        ctx["progress"] = assessment.progress(outcome.answers)
        ctx["nav"] = wizard.navigation(assessment, answers, step_key)
    return _oob_response(request, ctx, status=409 if outcome.conflict else 200)


def _oob_response(request: HtmxHttpRequest, ctx: dict, *, status: int) -> HttpResponse:
    """The answer's status line, what to fix next to each field, the progress
    bar and the step navigation, swapped out-of-band so the inputs the user may
    still be typing in stay put."""
    # One pass over one partial: each render_to_string of its own would run
    # the context processors and set up a context again (a fifth of a save).
    ctx = {**ctx, "oob": True, "redraw_progress": "progress" in ctx}
    return render(request, "assessor/step.html#answer-oob", ctx, status=status)


def _answer_invalid(request: HtmxHttpRequest, assessment: Assessment, form: AnswerForm):
    """A refused save: nothing is written; the message next to each field says
    what to fix."""
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    key = form.cleaned_data.get("question")
    if not request.htmx or key is None:
        ctx = {"errors": errors, "assessment": assessment, "org": assessment.organization}
        if key is not None:
            ctx["back_url"] = _question_url(assessment, key)
        return render(request, "assessor/answer_errors.html", ctx, status=422)
    answer = assessment.answers.filter(question_key=key).first()
    step_key, view = wizard.question_view(assessment, key, answer, 0)
    view.field_errors = {
        name: [str(e) for e in errs] for name, errs in form.errors.items() if name in wizard.FIELDS
    }
    view.errors = [
        str(e) for name, errs in form.errors.items() if name not in wizard.FIELDS for e in errs
    ]
    ctx = {"assessment": assessment, "org": assessment.organization, "q": view, "step": step_key}
    return _oob_response(request, ctx, status=422)


@login_required
def history(request: HtmxHttpRequest, slug: str, code, key: str) -> HttpResponse:
    membership, assessment = assessment_for_user(request.user, slug, code)
    if key not in assessment.question_keys():
        raise Http404
    revisions = (
        AnswerRevision.objects.filter(answer__assessment=assessment, answer__question_key=key)
        .select_related("user")
        .order_by("-at", "-id")
    )
    step_key, view = wizard.question_view(assessment, key, None, 0)
    framework = assessment.framework.parsed
    rows = [
        {
            "at": r.at,
            "user": r.user,
            "old": _label_of(framework, key, r.old),
            "new": _label_of(framework, key, r.new),
            "note": (r.new or {}).get("note", ""),
            "note_changed": (r.old or {}).get("note", "") != (r.new or {}).get("note", ""),
        }
        for r in revisions
    ]
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "q": view,
        "rows": rows,
        "step": step_key,
    }
    template = (
        "assessor/history.html#history" if wants_fragment(request) else "assessor/history.html"
    )
    return render(request, template, ctx)


def _label_of(framework, key: str, snapshot: dict | None) -> str:
    """A revision's recorded answer in words."""
    snapshot = snapshot or {}
    return vocabulary.answer_label(
        framework,
        key,
        snapshot.get("state", vocabulary.UNANSWERED),
        snapshot.get("level"),
        snapshot.get("choice", ""),
    )


@login_required
def results(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    """Where the client stands, what to do first, and why: live while answering."""
    membership, assessment = assessment_for_user(request.user, slug, code)
    answers = list(assessment.answers.select_related("evidence_owner"))
    today = timezone.localdate()
    outcome = assessment.results(answers, today=today)
    votes = vote_summaries(assessment)
    framework = assessment.framework.parsed
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "scorecard": outcome.scorecard,
        "advice": outcome.advice,
        "dimensions": explain.dimension_rows(framework, outcome, votes),
        "disagreements": [
            (vocabulary.question(framework, key).text, summary)
            for key, summary in votes.items()
            if summary.disagreement
        ],
        "gated": [d for d in outcome.scorecard.dimensions if d.gated != d.raw],
        "adjustments": [m for m in outcome.advice.modifiers if m.applied],
        "progress": assessment.progress(answers),
        "events": assessment.events.select_related("user")[:8],
        "charts": {
            "radar": charts.radar_svg(
                outcome.scorecard, {t.dimension: t.target for t in outcome.advice.targets}
            ),
            "bars": charts.target_bars_svg(outcome.scorecard, outcome.advice),
        },
        "reports": report_services.reports_latest(assessment=assessment),
        "beside": question_plans(assessment, {a.question_key: a for a in answers}),
        "back": reverse("assessor:results", args=[slug, code]),
        "expired": evidence.expired_evidence(assessment, answers, today),
        "expired_areas": {d.area for d in outcome.scorecard.dimensions if d.expired_evidence},
        "evidence_rule": evidence.RULE,
    }
    return render(request, "assessor/results.html", ctx)


@login_required
@require_POST
def confirm_step(request: HtmxHttpRequest, slug: str, code, step: str) -> HttpResponse:
    """Confirm every carried-over answer of one step as it stands."""
    _, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_answer
    )
    if step not in dict(assessment.steps()):
        raise Http404
    try:
        confirmed = services.answers_confirm(
            assessment=assessment, user=request.user, keys=wizard.step_keys(assessment, step)
        )
    except services.AssessmentClosed as e:
        messages.error(request, str(e))
        return redirect("assessor:results", slug, code)
    messages.success(
        request,
        ngettext(
            "Confirmed %(count)d carried-over answer.",
            "Confirmed %(count)d carried-over answers.",
            confirmed,
        )
        % {"count": confirmed},
    )
    return redirect("assessor:step", slug, code, step)


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    """Complete the assessment; with carried-over answers nobody confirmed,
    list them first and complete only when asked again."""
    membership, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_facilitate
    )
    url = reverse("assessor:results", args=[slug, code])
    if assessment.is_completed:
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    unconfirmed = _unconfirmed(assessment)
    if request.method == "GET" or (unconfirmed and not request.POST.get("unconfirmed_ok")):
        here = reverse("assessor:complete", args=[slug, code])
        if request.method == "POST":
            return HttpResponseClientRedirect(here) if request.htmx else redirect(here)
        ctx = {
            "membership": membership,
            "org": membership.organization,
            "assessment": assessment,
            "unconfirmed": unconfirmed,
        }
        return render(request, "assessor/complete.html", ctx)
    services.assessment_complete(assessment=assessment, user=request.user)
    messages.success(request, _("Assessment completed. Answers are now read-only."))
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _unconfirmed(assessment: Assessment) -> list[dict]:
    """The carried-over answers nobody confirmed, as the completion page lists them."""
    answers = {a.question_key: a for a in assessment.answers.all() if a.is_carried}
    titles = dict(assessment.steps())
    rows = []
    for key in assessment.question_keys():
        if key in answers:
            step_key, view = wizard.question_view(assessment, key, answers[key], 0)
            url = _question_url(assessment, key)
            rows.append(
                {"step": titles[step_key], "text": view.text, "value": view.value_label, "url": url}
            )
    return rows


def _question_url(assessment: Assessment, key: str) -> str:
    """The wizard step of question `key`, scrolled to it."""
    step_key, _ = wizard.question_view(assessment, key, None, 0)
    slug = assessment.organization.slug
    return reverse("assessor:step", args=[slug, assessment.code, step_key]) + f"#q-{key}"


@login_required
@require_POST
def reopen(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    _membership, assessment = assessment_for_user(
        request.user, slug, code, require=accounts_access.can_facilitate
    )
    if assessment.is_completed:
        services.assessment_reopen(assessment=assessment, user=request.user)
        messages.success(request, _("Assessment reopened. Answers can be changed again."))
    return redirect("assessor:resume", slug, code)
