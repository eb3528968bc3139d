"""Actions beside their questions, in the wizard and on the results page.

For an assessment: the actions on its plan, and, when it has a baseline
(the assessment it is measured against), the actions done since that
baseline was completed, with the question's level then and now: "2 actions
done, 1 → 2".

"Since the baseline" is a window of time: from the baseline's completion to
this assessment's (or now while it is open), so along a chain of follow-ups
each closed action counts in exactly one of them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessor import vocabulary
from assessor.models import Answer, Assessment
from assessor.plans.models import Action, Counts


@dataclass(frozen=True)
class Window:
    """The time a follow-up measures the plan's work over."""

    baseline: Assessment
    start: datetime
    end: datetime | None  # None: still open

    def q(self, prefix: str = "") -> Q:
        """Actions closed inside the window."""
        condition = Q(**{f"{prefix}closed_at__gt": self.start})
        if self.end is not None:
            condition &= Q(**{f"{prefix}closed_at__lte": self.end})
        return condition


def window(assessment: Assessment) -> Window | None:
    baseline = assessment.baseline()
    if baseline is None:
        return None
    start = baseline.completed_at or baseline.created_at
    end = assessment.completed_at if assessment.is_completed else None
    return Window(baseline, start, end)


def short_level(answer: Answer | None) -> str:
    """An answer's level as the "1 → 2" line shows it: the number, or the
    state in words ("N/A", "Don’t know", "Not answered")."""
    if answer is None:
        return vocabulary.STATE_LABELS[vocabulary.UNANSWERED]
    if answer.state == Answer.State.ANSWERED and answer.level is not None:
        return str(answer.level)
    return vocabulary.level_or_state_label(answer.state, answer.level)


@dataclass
class QuestionPlan:
    actions: list[Action] = field(default_factory=list)
    # Done since the baseline (follow-ups only), and the level then and now.
    done_since: int = 0
    before: str = ""
    now: str = ""

    @property
    def change(self) -> str:
        """ "1 → 2", or "still 1" when the level did not move."""
        if self.before == self.now:
            return _("still %(level)s") % {"level": self.before}
        return f"{self.before} → {self.now}"

    @property
    def summary(self) -> str:
        """ "2 actions done, 1 → 2" ("" when nothing was done since the baseline)."""
        if not self.done_since:
            return ""
        return ngettext(
            "%(count)d action done, %(change)s",
            "%(count)d actions done, %(change)s",
            self.done_since,
        ) % {"count": self.done_since, "change": self.change}


@dataclass
class AreaPlan:
    """A practice area's actions, for its roadmap items."""

    actions: list[Action] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "3 actions: 1 done, 2 to do" in the statuses' order."""
        n = len(self.actions)
        counts = [
            f"{sum(1 for a in self.actions if a.status == value)} {str(label).lower()}"
            for value, label in Action.Status.choices
            if any(a.status == value for a in self.actions)
        ]
        return ngettext("%(count)d action: %(statuses)s", "%(count)d actions: %(statuses)s", n) % {
            "count": n,
            "statuses": ", ".join(counts),
        }


@dataclass(frozen=True)
class Beside:
    """What the pages show beside each question (`plans` by question key) and
    each roadmap item (`areas` by practice area key)."""

    plans: dict[str, QuestionPlan]
    baseline: Assessment | None
    areas: dict[str, AreaPlan]
    # This assessment's plan in figures (its actions, linked to questions or not).
    counts: Counts
    # Actions done since the baseline, linked to a question or not.
    done_since: int = 0


def question_plans(assessment: Assessment, answers: dict[str, Answer] | None = None) -> Beside:
    """Per question key: its actions (this plan's, and those done since the
    baseline), and for a follow-up the done work beside the level change.
    A few queries, however many actions."""
    if answers is None:
        answers = {a.question_key: a for a in assessment.answers.all()}
    span = window(assessment)
    shown = Q(assessment=assessment)
    if span is not None:
        shown |= Q(status=Action.Status.DONE) & span.q()
    actions = (
        Action.objects.filter(organization=assessment.organization_id)
        .filter(shown)
        .select_related("owner")
        .order_by("status", "due_date", "created_at", "id")
    )
    plans: dict[str, QuestionPlan] = {}
    areas: dict[str, AreaPlan] = {}
    done_since: dict[str, int] = {}
    done_actions = 0
    today = timezone.localdate()
    on_plan = {"open": 0, "overdue": 0, "done": 0, "dropped": 0}
    for action in actions:
        if action.assessment_id == assessment.pk:
            on_plan["open" if action.is_open else action.status] += 1
            on_plan["overdue"] += action.is_overdue(today)
        counted = span is not None and action.is_done and _inside(action, span)
        done_actions += counted
        areas.setdefault(action.dimension, AreaPlan()).actions.append(action)
        for key in action.question_keys:
            plans.setdefault(key, QuestionPlan()).actions.append(action)
            if counted:
                done_since[key] = done_since.get(key, 0) + 1
    if done_since:
        before = {
            a.question_key: a for a in span.baseline.answers.filter(question_key__in=done_since)
        }
        for key, count in done_since.items():
            plan = plans[key]
            plan.done_since = count
            plan.before, plan.now = short_level(before.get(key)), short_level(answers.get(key))
    return Beside(plans, span.baseline if span else None, areas, Counts(**on_plan), done_actions)


def _inside(action: Action, span: Window) -> bool:
    closed = action.closed_at
    return closed is not None and closed > span.start and (span.end is None or closed <= span.end)
