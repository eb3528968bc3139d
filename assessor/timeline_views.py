"""Revisiting over time: the organization timeline, follow-up assessments and
side-by-side comparison of two assessments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import access as accounts_access
from assessor import services
from assessor.assessment_language import speak
from assessor.charts import AREA_COLOURS, OTHER_COLOUR, Series, trend_svg
from assessor.compare import compare as compare_assessments
from assessor.forms import FollowUpForm
from assessor.models import Assessment

TIMELINE_PAGE_SIZE = 50


@login_required
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(request.user, slug)
    org = membership.organization
    # Headline figures are stored per assessment, so this page runs the same
    # few queries however many assessments there are.
    assessments = (
        org.assessments.select_related("framework")
        .defer("framework__document")
        .order_by("created_at", "id")
    )
    page = Paginator(assessments, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if rows:  # the client's language: that of their latest assessment on the page
        speak(rows[-1])
    dimensions = _dimension_choices(rows)
    chosen = request.GET.get("dimension", "")
    if chosen not in dimensions:
        chosen = next(iter(dimensions), "")
    # The charts plot finished work only: a draft's half-answered indices
    # would read as a trend. The table below lists every assessment.
    charted = [a for a in rows if a.is_completed]
    labels = [date_format(a.created_at, "M Y") for a in charted]
    ctx = {
        "membership": membership,
        "org": org,
        "page": page,
        "rows": rows,
        "dimensions": dimensions,
        "chosen": chosen,
        "not_charted": len(rows) - len(charted),
        "area_chart": trend_svg(
            labels,
            [
                Series(
                    _("DevOps index"), AREA_COLOURS["devops"], [_area(a, "devops") for a in charted]
                ),
                Series(
                    _("MLOps index"), AREA_COLOURS["mlops"], [_area(a, "mlops") for a in charted]
                ),
            ],
            title=_("DevOps and MLOps indices over time"),
        ),
        "dimension_chart": trend_svg(
            labels,
            [
                Series(
                    dimensions.get(chosen, chosen),
                    OTHER_COLOUR,
                    [a.headline.get("dimensions", {}).get(chosen) for a in charted],
                )
            ],
            title=_("%(area)s over time") % {"area": dimensions.get(chosen, chosen)},
        )
        if chosen
        else "",
    }
    return render(request, "assessor/timeline.html", ctx)


def _area(assessment: Assessment, key: str) -> float | None:
    return (assessment.headline.get(key) or {}).get("score")


def _dimension_choices(rows: list[Assessment]) -> dict[str, str]:
    """Dimension keys and titles of every bank version on the page, newest first."""
    choices: dict[str, str] = {}
    for framework in {a.framework_id: a.framework for a in reversed(rows)}.values():
        for dimension in framework.parsed.dimensions:
            choices.setdefault(dimension.key, dimension.title)
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the next assessment from the last completed one, under a title
    the facilitator chooses."""
    membership = accounts_access.membership_for_user(
        request.user, slug, require=accounts_access.can_facilitate
    )
    base = (
        membership.organization.assessments.filter(status=Assessment.Status.COMPLETED)
        .select_related("framework")
        .order_by("-completed_at", "-created_at")
        .first()
    )
    if base is None:
        messages.error(
            request, _("A follow-up starts from a completed assessment; there is none yet.")
        )
        return redirect("accounts:organization", slug)
    form = FollowUpForm(
        request.POST or None, initial={"title": _("Follow-up of %(title)s") % {"title": base.title}}
    )
    if request.method == "GET" or not form.is_valid():
        ctx = {"membership": membership, "org": membership.organization, "base": base, "form": form}
        return render(request, "assessor/follow_up.html", ctx)
    assessment = services.assessment_follow_up(
        base=base, user=request.user, title=form.cleaned_data["title"]
    )
    drift = services.question_drift(base, assessment)
    carried = assessment.headline.get("carried_over", 0)
    actions = assessment.actions.count()
    messages.success(
        request,
        ngettext(
            "Follow-up started from “%(title)s”: %(count)d answer carried over. "
            "It counts as answered once someone confirms or changes it.",
            "Follow-up started from “%(title)s”: %(count)d answers carried over. "
            "They count as answered once someone confirms or changes them.",
            carried,
        )
        % {"title": base.title, "count": carried}
        + (
            " "
            + ngettext(
                "%(count)d open action moved to its plan.",
                "%(count)d open actions moved to its plan.",
                actions,
            )
            % {"count": actions}
            if actions
            else ""
        ),
    )
    if drift.any:
        messages.info(
            request,
            _(
                "This follow-up uses a newer question bank: %(new)d new questions, "
                "%(gone)d no longer asked."
            )
            % {"new": len(drift.new), "gone": len(drift.gone)},
        )
    return redirect("assessor:step", slug, assessment.code, "context")


@login_required
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    membership = accounts_access.membership_for_user(request.user, slug)
    org = membership.organization
    choices = list(
        org.assessments.select_related("framework")
        .defer("framework__document")
        .order_by("-created_at", "-id")
    )
    ctx = {"membership": membership, "org": org, "choices": choices, "comparison": None}
    if len(choices) < 2:
        return render(request, "assessor/compare.html", ctx)
    by_code = {str(a.code): a for a in choices}
    before = by_code.get(request.GET.get("before", ""), choices[1])
    after = by_code.get(request.GET.get("after", ""), choices[0])
    if {request.GET.get("before"), request.GET.get("after")} - set(by_code) - {None}:
        raise Http404  # a code of another organization, or none at all
    if before.created_at > after.created_at:
        before, after = after, before
    speak(after)  # the language of the newer assessment
    before_answers, after_answers = list(before.answers.all()), list(after.answers.all())
    ctx["comparison"] = compare_assessments(
        before,
        before.results(before_answers),
        before_answers,
        after,
        after.results(after_answers),
        after_answers,
    )
    return render(request, "assessor/compare.html", ctx)
