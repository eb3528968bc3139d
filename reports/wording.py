"""The explanatory sentences of a report, shared by every format.

Section introductions and the methodology appendix say the same in the PDF,
the Word report and the deck's speaker notes, so they live here once: the
PDF templates print them (`words.<name>`), the Word report and the deck
call the same functions. Plain text only; each format escapes it its own way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format, localize
from django.utils.translation import gettext, gettext_noop, pgettext

# The sentences by name: English msgids, read through the module's
# __getattr__ below, so `wording.RULES` (Python) and `words.RULES` (the PDF
# templates) give the sentence in the language active when it is read.
_SENTENCES = {
    "ABOUT_SCALE": gettext_noop(
        "Each practice is scored from 0 (initial) to 4 (optimizing) on what the team does "
        "today, not on what it plans."
    ),
    "STANDING": gettext_noop(
        "DevOps covers software delivery: code, build, test, deploy, monitor. MLOps covers the "
        "machine learning lifecycle built on it: data, model, train, validate, deploy, monitor, "
        "retrain. Several MLOps practices can only be as good as the DevOps practice they rely "
        "on, so their scores are capped by unmet prerequisites (see the appendix)."
    ),
    "RADAR_CAPTION": gettext_noop(
        "Gated score of every practice area (solid) against its target for the recommended path "
        "(dashed)."
    ),
    "BARS_CAPTION": gettext_noop(
        "Each bar is the current score on the 0–4 scale; the black mark is the target of the "
        "recommended path, the shaded part the gap to close; “≥ target ✓” marks a practice area "
        "already at or above its target."
    ),
    "GAPS": gettext_noop(
        "A gap is the distance between a practice area's gated score and its target for the "
        "recommended path. Gaps are ordered so that prerequisites come first, then by weight × "
        "gap: the larger and more important gaps first."
    ),
    "NO_GAPS": gettext_noop(
        "Every practice area already meets its target for the recommended path."
    ),
    "ROADMAP": gettext_noop(
        "The work to close the gaps, in phases. A practice area climbs at most one level in each "
        "of the first two phases and two in the third, never ahead of the prerequisites it builds "
        "on. The figures are the projected gated scores at the start and end of each phase."
    ),
    "EMPTY_PHASE": gettext_noop(
        "No new work in this phase: earlier phases reach the targets it would address."
    ),
    "DISCOVERY": gettext_noop(
        "Too little is known here to plan work on it; answer these before committing budget."
    ),
    "RULES": gettext_noop(
        "The recommendation follows fixed decision rules, checked in order; the first rule whose "
        "conditions all hold decides."
    ),
    "QUICK_WINS": gettext_noop(
        "Practices at level 0 in the first phase's areas: the first step is the cheapest one."
    ),
    "DORA": gettext_noop(
        "The delivery keys of the State of DevOps research, shown apart from the practice scores: "
        "they measure outcomes, not practices, and are not averaged into the DevOps index."
    ),
    "DORA_RULE": gettext_noop(
        "The profile takes the cluster every answered key reaches, allowing one key below it when "
        "four or more are answered."
    ),
    "DISAGREEMENTS": gettext_noop(
        "In the live workshop everyone voted privately before the discussion. These questions "
        "drew votes two or more levels apart, or a split into two camps; the agreed answer and "
        "how it was reached are shown with each."
    ),
    "ANSWERS": gettext_noop(
        "Every question as answered in the workshop, with the level description the team chose, "
        "their notes and the evidence they pointed to."
    ),
    "METHOD_SCALE": gettext_noop(
        "Every question has five levels, each described by what you would observe in the team. "
        "The same scale names the maturity of a practice area or an area index by its whole level."
    ),
    "METHOD_SCORES": gettext_noop(
        "A practice area's score is the weighted mean of its answered levels. N/A (“does not apply "
        "here”, which needs a note), “don’t know” and unanswered questions are left out of the "
        "score rather than counted as zero. Confidence is the answered share of the questions that "
        "apply: “don’t know” and unanswered questions lower it, N/A does not. The DevOps and MLOps "
        "indices are the weighted means of their practice areas' gated scores; the delivery "
        "performance profile is shown on its own and never averaged into them."
    ),
    "METHOD_GATING": gettext_noop(
        "Some practices only work on top of others: continuous retraining needs CI/CD, model "
        "serving needs deployment automation. When a prerequisite scores below the level a "
        "practice area builds on, that area is capped at the prerequisite's score + 1, so it can "
        "be at most one level ahead of an unmet foundation. A prerequisite without answers counts "
        "as 0. Caps apply in dependency order, so they pass down chains; the report shows both the "
        "raw and the gated score and names every cap."
    ),
}


def __getattr__(name: str) -> str:
    if name in _SENTENCES:
        return gettext(_SENTENCES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def method_rules(method: dict[str, Any]) -> str:
    return gettext(
        "The recommended path comes from these rules, checked in order; the first rule whose "
        "conditions all hold decides. The practice areas the question bank names as delivery "
        "foundations count as weak below an average of %(weak_below)s and as mature from "
        "%(mature_from)s; those it names as carrying models to production count as ready from "
        "%(mature_from)s, and within %(margin)s below that the first MLOps work moves one phase "
        "earlier instead of waiting. A missing context answer is never inferred from the "
        "scores: the rationale says it is not assumed and the path is marked provisional."
    ) % {
        "weak_below": localize(method["devops_immature_below"]),
        "mature_from": localize(method["devops_mature_from"]),
        "margin": localize(0.25),
    }


def method_adjustments(method: dict[str, Any]) -> str:
    return gettext(
        "After the path, adjustments apply: models in production always get model-safety work "
        "in the first phase (an inventory of production models, predictions compared with "
        "outcomes, a way to roll a model back, a named owner), whatever the path; a regulated "
        "or high-stakes setting targets governance at level %(governance)s or more and starts "
        "it in the first phase, or, with little or no AI yet, sets an AI use policy and an "
        "inventory of AI use; a constrained budget stretches the phases by half and limits how "
        "many practice areas are worked on at once, a dedicated one allows one more at once; a "
        "data team without engineering partners puts cross-functional collaboration first "
        "among the MLOps work, after any delivery foundation still below level 2. Close to a "
        "threshold the path shifts work by one phase at most, never more. When a context "
        "question is unanswered or fewer than 60%% of an area's applicable questions are "
        "answered, the path is marked provisional, nothing is inferred from the scores, and "
        "phase 1 starts by finding out."
    ) % {"governance": method["regulated_governance_target"]}


def method_roadmap(advice: dict[str, Any]) -> str:
    schedule = (
        gettext("for this assessment, %(schedule)s, budget included")
        % {"schedule": advice["schedule"]}
        if advice.get("schedule")
        else gettext("months 0–3, 3–9 and 9–18")
    )
    return gettext(
        "Each path sets default targets per practice area; the assessment may override them, "
        "and every targeted area raises its prerequisites to the level it builds on. The "
        "roadmap schedules the gaps in up to three phases (%(schedule)s), prerequisites first, "
        "then by weight × gap; a phase with nothing to do is left out. For each practice area "
        "it proposes the bank's next steps for the weakest questions."
    ) % {"schedule": schedule}


def horizon(advice: dict[str, Any]) -> str:
    """ "in the next 18 months", or what to say when nothing is scheduled."""
    if "horizon_months" not in advice:
        return gettext("in the next %(months)s months") % {"months": 18}
    if advice["horizon_months"]:
        return gettext("in the next %(months)s months") % {"months": advice["horizon_months"]}
    return gettext("to keep it there")


# Dates in a report: each language's own way of writing a day, given by its
# translators (German "30. November 2026", French "30 novembre 2026"). The
# formats are Django `date` formats.
def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return date_format(value, pgettext("report date format", "j F Y"))


def moment(value: datetime) -> str:
    """A day and a time, e.g. when the answers were recorded."""
    return date_format(value, pgettext("report date and time format", "j F Y, H:i T"))


def short_day(value: date | datetime | None) -> str:
    """A day in a table cell ("30 Nov 2026")."""
    if value is None:
        return ""
    return date_format(value, pgettext("report short date format", "j M Y"))
