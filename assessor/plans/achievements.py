"""What the plan achieved, for a follow-up's report: the actions done and
dropped since the baseline, and the practice areas that moved, or did not
move despite done work. Plain JSON data for the report's snapshot."""

from typing import Any

from assessor.models import Assessment, Results
from assessor.plans.beside import window
from assessor.plans.models import Action
from assessor.plans.words import BankWords

# A practice area "moved" when its score rose by at least this much.
MOVED_BY = 0.05


def plan_achievements(assessment: Assessment, results: Results) -> dict[str, Any] | None:
    """None for an assessment with no baseline (nothing to measure against)."""
    if assessment.pk is None:  # built in memory (the render benchmark): no plan
        return None
    span = window(assessment)
    if span is None:
        return None
    baseline = span.baseline
    words = BankWords([assessment.framework.parsed, baseline.framework.parsed])
    closed = list(
        Action.objects.filter(organization=assessment.organization_id, status__in=Action.CLOSED)
        .filter(span.q())
        .select_related("owner")
        .order_by("closed_at", "id")
    )
    done = [a for a in closed if a.is_done]
    before = baseline.headline.get("dimensions") or {}
    after = {d.key: d.score for d in results.scorecard.dimensions}
    areas = []
    for key in dict.fromkeys(a.dimension for a in done):
        then, now = before.get(key), after.get(key)
        change = None if then is None or now is None else round(now - then, 1)
        areas.append(
            {
                "title": words.area(key),
                "done": sum(1 for a in done if a.dimension == key),
                "before": None if then is None else round(then, 1),
                "after": None if now is None else round(now, 1),
                "change": change,
                "moved": change is not None and change >= MOVED_BY,
            }
        )
    return {
        "since_title": baseline.title,
        "since_date": span.start.isoformat(),
        "provisional": not assessment.is_completed,
        "done": [_action(a, words) for a in done],
        "dropped": [_action(a, words) for a in closed if not a.is_done],
        "moved": [area for area in areas if area["moved"]],
        "not_moved": [area for area in areas if not area["moved"]],
        "still_open": assessment.actions.filter(status__in=Action.OPEN).count(),
    }


def _action(action: Action, words: BankWords) -> dict[str, Any]:
    return {
        "title": action.title,
        "area": words.area(action.dimension),
        "questions": [words.question(k) for k in action.question_keys],
        "owner": action.owner_label,
        "closed_at": action.closed_at.isoformat(),
        "reason": action.dropped_reason,
    }
