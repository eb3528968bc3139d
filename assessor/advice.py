"""Advice: scorecard + context -> decision path, targets, gaps and a phased roadmap.

Pure and deterministic: no Django, no I/O, no clock; everything iterates in
framework order or sorts with a key-based tie-break. The advice never names a
dimension or question key: it reads the roles the bank declares (FORMAT.md
"Roles"; a bank without them gets the roles version 1 implied).

Decision path. `RULES` is an ordered list; the first rule whose conditions all
hold decides the path. Every rule evaluated up to that point is reported with
the facts it looked at, in the client's words, so the recommendation explains
itself.

  1. ML in production (or core) and AI is the differentiator or a revenue
     source                                                  -> mlops_critical
  2. ML in production (or core) in a regulated/high-stakes setting
                                                             -> mlops_critical
  3. models are core to operations, whatever the objective   -> mlops_critical
  4. delivery foundations < DEVOPS_IMMATURE_BELOW (1.5), little or no AI
                                                             -> devops_foundation
  5. delivery foundations >= DEVOPS_MATURE_FROM (2.5), no ML ambition
                                                             -> sustain_delivery
  6. model delivery < DEVOPS_MATURE_FROM and pilots rarely reach production
                                                             -> devops_first
  7. model delivery < DEVOPS_MATURE_FROM and any ML ambition -> devops_first
  8. model delivery >= DEVOPS_MATURE_FROM and any ML ambition
                                                             -> extend_to_mlops
  9. no ML ambition                                          -> devops_foundation

"Delivery foundations" is the weighted mean of the dimensions with role
`delivery_foundation`; "model delivery" that of role `model_delivery` (the
practices that carry a model to production), each falling back to the DevOps
index when the bank declares no such role. Nothing is inferred from scores:
a missing context answer is not assumed (an unknown adoption stage is not "ML
in production"; ML ambition is assumed only when MLOps is in the assessment's
scope), and the path is then provisional.

Confidence gates the advice: the path is provisional when a context question
the bank binds to a role is unanswered or an area has less than
CONFIDENCE_THRESHOLD (60%) of its applicable questions answered, and each
practice area below that threshold becomes a "find out first" discovery item
of phase 1 instead of planned work, unless models in production or regulation
make it mandatory (model safety, governance) or a planned area builds on it.

No cliff: within BORDERLINE (0.25) below the model-delivery threshold, the
devops_first path opens MLOps work in phase 2 instead of phase 3, so crossing a
threshold moves the first MLOps work by one phase, never by two.

Modifiers, applied after the path:
  - ML in production or core: the model-safety dimensions (role
    `model_safety`, plus `genai` when models are consumed through an API or
    fine-tuned) are targeted at least at MODEL_SAFETY_TARGET (2) and start in
    phase 1, whatever the path, with the practices they build on; their
    model-safety questions (inventory, outcome monitoring, rollback, owner)
    lead their next steps;
  - regulated (the `regulated` flag, compliance exposure high, or an industry
    in HIGH_STAKES_INDUSTRIES): with AI beyond exploring, governance is
    targeted at REGULATED_GOVERNANCE_TARGET (3) and worked on from phase 1;
    with little or no AI, governance is targeted at
    REGULATED_NO_AI_GOVERNANCE_TARGET (1) and its steps are limited to an AI
    use policy and an inventory of AI use;
  - budget constrained: phase months x CONSTRAINED_BUDGET_STRETCH (1.5) and at
    most MAX_PARALLEL_ITEMS_CONSTRAINED (3) practice areas per phase; budget
    dedicated: MAX_PARALLEL_ITEMS_DEDICATED (6) practice areas per phase
    instead of MAX_PARALLEL_ITEMS (5), same months;
  - thin data team: collaboration is targeted at least at COLLABORATION_TARGET
    (2) and comes first among the work a phase allows, after any delivery
    foundation still below FOUNDATION_LEVEL (2): a modifier never pushes a
    practice ahead of its foundations.

Targets come from the path, then the modifiers, then the assessment's own
overrides; finally every targeted dimension's prerequisites are raised to the
level it builds on. A practice area whose every question is N/A is not
targeted. Gaps (target - gated score) are ordered unmet prerequisites first
(each as urgent as the most urgent gap waiting for it), then weight x gap
descending, then key.

Roadmap: three phases (months 0-3, 3-9, 9-18 before the budget's stretch);
each path says which areas a phase works on. A dimension's own practices climb
at most one whole level in each of the first two phases and two in the third;
its projected (gated) score follows as far as its prerequisites' projections
allow. A dimension never starts in an earlier phase than a prerequisite still
below the level it builds on (one that meets it may keep improving later), nor
while such a prerequisite is more than one level short (or one level short and
not worked on in that phase). A phase with nothing to do is left out. Every
duration a text states (the summary, the horizon, the schedule) is read from the
phases produced.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessor.brain.dora import DoraProfile, dora_profile
from assessor.brain.i18n import _, decimal, gettext_noop, ngettext, pgettext, reasons
from assessor.brain.reference_levels import ReferenceLevel, reference_levels
from assessor.frameworks import Dimension, Framework, Prerequisite
from assessor.frameworks.roles import Roles, roles_of
from assessor.frameworks.schema import MAX_LEVEL
from assessor.scoring import (
    DimensionScore,
    Scorecard,
    one_decimal,
    to_plain,
    unmet_prerequisites,
)

DEVOPS_IMMATURE_BELOW = 1.5
DEVOPS_MATURE_FROM = 2.5
BORDERLINE = 0.25
CONFIDENCE_THRESHOLD = 0.6
HIGH_STAKES_INDUSTRIES = ("finance", "healthcare", "aviation_transport")
ML_LIVE_STAGES = ("production", "core")
LITTLE_AI_STAGES = ("none", "exploring")
AI_OBJECTIVES = ("ai_differentiator", "ai_revenue")
THIN_DATA_TEAMS = ("data_scientists_only", "no_data_roles")
GENAI_USAGES = ("api_only", "fine_tunes")
# how the rationale names a context role before quoting the client's answer
CONTEXT_ROLE_NAMES = {
    "adoption_stage": gettext_noop("AI adoption stage"),
    "pilots": gettext_noop("ML pilots"),
    "objective": gettext_noop("business objective"),
    "industry": gettext_noop("industry"),
    "compliance": gettext_noop("compliance exposure"),
    "team": gettext_noop("data team"),
    "budget": gettext_noop("budget and compute"),
    "model_usage": gettext_noop("how models are used"),
}
# how the rationale names a role's index (see role_index)
INDEX_NAMES = {
    "delivery_foundation": gettext_noop("delivery foundations"),
    "model_delivery": gettext_noop("model delivery"),
}

FOUNDATION_LEVEL = 2
MODEL_SAFETY_TARGET = 2
REGULATED_GOVERNANCE_TARGET = 3
REGULATED_NO_AI_GOVERNANCE_TARGET = 1
COLLABORATION_TARGET = 2

MAX_PARALLEL_ITEMS = 5
MAX_PARALLEL_ITEMS_CONSTRAINED = 3
MAX_PARALLEL_ITEMS_DEDICATED = 6
CONSTRAINED_BUDGET_STRETCH = 1.5
CAPACITY_BY_BUDGET = {
    "constrained": MAX_PARALLEL_ITEMS_CONSTRAINED,
    "dedicated": MAX_PARALLEL_ITEMS_DEDICATED,
}
MAX_NEXT_STEPS = 3
MAX_QUICK_WINS = 5
MAX_DISCOVERY_QUESTIONS = 3


# -- the paths ----------------------------------------------------------------------------


# The texts of the paths, phases and rules below are English msgids: whoever
# shows one translates it (path_title, _roadmap, _decide).


@dataclass(frozen=True, slots=True)
class PhasePlan:
    title: str
    start_month: int
    end_month: int
    areas: tuple[str, ...]
    max_rise: int  # whole levels a dimension can climb in this phase


@dataclass(frozen=True, slots=True)
class PathPlan:
    title: str
    phases: tuple[PhasePlan, ...]
    # default target per area (None: not targeted), then per dimension role
    area_targets: Mapping[str, int | None]
    role_targets: Mapping[str, int | None]


DEVOPS_ONLY = ("devops",)
BOTH_AREAS = ("devops", "mlops")

PATHS: Mapping[str, PathPlan] = {
    "devops_foundation": PathPlan(
        title=gettext_noop("Build DevOps foundations first"),
        phases=(
            PhasePlan(gettext_noop("Version, test and build every change"), 0, 3, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Automate delivery and operations"), 3, 9, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Consolidate and measure"), 9, 18, DEVOPS_ONLY, 2),
        ),
        area_targets={"devops": 2, "mlops": None},
        role_targets={"delivery_foundation": 3},
    ),
    "sustain_delivery": PathPlan(
        title=gettext_noop("Sustain and measure delivery"),
        phases=(
            PhasePlan(gettext_noop("Close the remaining delivery gaps"), 0, 3, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Harden and measure"), 3, 9, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Keep improving on the measures"), 9, 18, DEVOPS_ONLY, 2),
        ),
        area_targets={"devops": 3, "mlops": None},
        role_targets={},
    ),
    "devops_first": PathPlan(
        title=gettext_noop("DevOps first, then selective MLOps"),
        phases=(
            PhasePlan(gettext_noop("Fix the delivery foundations"), 0, 3, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Automate delivery end to end"), 3, 9, DEVOPS_ONLY, 1),
            PhasePlan(gettext_noop("Selective MLOps on solid ground"), 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": None},
        role_targets={"model_safety": 2, "collaboration": 2, "genai": 2},
    ),
    "extend_to_mlops": PathPlan(
        title=gettext_noop("Extend DevOps into MLOps now"),
        phases=(
            PhasePlan(gettext_noop("Extend CI/CD to data and models"), 0, 3, BOTH_AREAS, 1),
            PhasePlan(gettext_noop("Automate the ML lifecycle"), 3, 9, BOTH_AREAS, 1),
            PhasePlan(gettext_noop("Close the loop: monitor and retrain"), 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": 3},
        role_targets={"governance": 2},
    ),
    "mlops_critical": PathPlan(
        title=gettext_noop("MLOps is critical now"),
        phases=(
            PhasePlan(gettext_noop("Secure what runs in production"), 0, 3, BOTH_AREAS, 1),
            PhasePlan(gettext_noop("Automate the ML lifecycle"), 3, 9, BOTH_AREAS, 1),
            PhasePlan(gettext_noop("Operate and improve"), 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": 3},
        role_targets={},
    ),
}


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    outcome: str
    description: str
    conditions: tuple[str, ...]  # names of facts that must all hold


RULES: tuple[Rule, ...] = (
    Rule(
        "ml_core_to_the_business",
        "mlops_critical",
        gettext_noop("ML runs in production and AI is the differentiator or a revenue source"),
        ("ml_in_production", "ai_is_strategic"),
    ),
    Rule(
        "regulated_ml_in_production",
        "mlops_critical",
        gettext_noop("ML runs in production in a regulated or high-stakes setting"),
        ("ml_in_production", "high_stakes"),
    ),
    Rule(
        "models_run_operations",
        "mlops_critical",
        gettext_noop("models are core to daily operations, whatever the business objective"),
        ("ml_core",),
    ),
    Rule(
        "weak_delivery_little_ai",
        "devops_foundation",
        gettext_noop("delivery foundations are weak and there is little or no AI yet"),
        ("devops_immature", "little_or_no_ai"),
    ),
    Rule(
        "mature_delivery_no_ml",
        "sustain_delivery",
        gettext_noop("delivery is mature and there is no ML ambition"),
        ("devops_mature", "no_ml_ambition"),
    ),
    Rule(
        "pilots_stall_on_delivery",
        "devops_first",
        gettext_noop(
            "the practices that carry models to production are not yet mature and ML pilots stall"
        ),
        ("model_delivery_not_ready", "pilots_stall"),
    ),
    Rule(
        "ml_ambition_ahead_of_delivery",
        "devops_first",
        gettext_noop("ML ambitions run ahead of the practices that carry models to production"),
        ("model_delivery_not_ready", "ml_ambition"),
    ),
    Rule(
        "delivery_ready_for_ml",
        "extend_to_mlops",
        gettext_noop(
            "the practices that carry models to production are mature and there is ML to build"
        ),
        ("model_delivery_ready", "ml_ambition"),
    ),
    Rule(
        "no_ml_ambition",
        "devops_foundation",
        gettext_noop("no ML ambition yet: keep strengthening delivery"),
        ("no_ml_ambition",),
    ),
)


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleEvaluation:
    rule: str
    outcome: str
    description: str
    fired: bool
    rationale: str


@dataclass(frozen=True, slots=True)
class DecisionPath:
    outcome: str
    title: str
    summary: str
    rules: tuple[RuleEvaluation, ...]
    provisional: tuple[str, ...]  # why the path rests on guesses; empty when it does not


@dataclass(frozen=True, slots=True)
class Modifier:
    key: str
    applied: bool
    rationale: str


@dataclass(frozen=True, slots=True)
class Target:
    dimension: str
    target: float
    source: str


@dataclass(frozen=True, slots=True)
class Gap:
    dimension: str
    title: str
    area: str
    current: float | None  # gated score; None = no answers, counts as 0
    target: float
    gap: float
    weight: float
    priority: float  # weight x gap


@dataclass(frozen=True, slots=True)
class NextStep:
    question: str
    question_text: str
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class RoadmapItem:
    dimension: str
    title: str
    area: str
    current: float | None  # projected gated score when the phase starts
    target: float  # level of the dimension's own practices at the end of this phase
    expected: float  # gated score at the end of the phase: below target while capped
    capped_by: tuple[str, ...]  # prerequisites still holding it back at the end of the phase
    final_target: float
    next_steps: tuple[NextStep, ...]
    start_month: int
    end_month: int


@dataclass(frozen=True, slots=True)
class Discovery:
    """Something to find out in phase 1 before the advice can be trusted there."""

    title: str
    detail: str
    questions: tuple[str, ...]  # question texts to answer


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    title: str
    start_month: int
    end_month: int
    items: tuple[RoadmapItem, ...]
    projected: dict[str, float | None]  # gated score of every dimension after the phase


@dataclass(frozen=True, slots=True)
class QuickWin:
    question: str
    question_text: str
    dimension: str
    level: int
    next_step: str


@dataclass(frozen=True, slots=True)
class Advice:
    framework_key: str
    framework_version: int
    path: DecisionPath
    modifiers: tuple[Modifier, ...]
    targets: tuple[Target, ...]
    gaps: tuple[Gap, ...]
    phases: tuple[Phase, ...]
    quick_wins: tuple[QuickWin, ...]
    unfinished: tuple[str, ...]  # dimensions still below target after the last phase
    discovery: tuple[Discovery, ...]  # "find out first", part of phase 1
    horizon_months: int  # end of the last phase (0: nothing to schedule)
    schedule: str  # the phases' months in words, e.g. "months 0-3, 3-9 and 9-18"
    dora: DoraProfile | None
    reference_levels: tuple[ReferenceLevel, ...]

    @property
    def is_provisional(self) -> bool:
        return bool(self.path.provisional)

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


# -- the entry point ----------------------------------------------------------------------


def advise(
    framework: Framework,
    scorecard: Scorecard,
    context: Mapping[str, str],
    *,
    regulated: bool = False,
    targets: Mapping[str, float] | None = None,
) -> Advice:
    """Recommend a path and a phased roadmap.

    `context` maps context question keys to choice keys (missing or empty
    answers are allowed; the path is then provisional). `targets` overrides the
    path's target level (0-4) of some dimensions. Raises ValueError for a choice
    the bank does not offer, a bad target, or a scorecard computed with another
    framework.
    """
    roles, said, facts = _path_facts(framework, scorecard, context, regulated)
    outcome, evaluations = _decide(facts)
    plan = PATHS[outcome]
    applicable = _applicable(scorecard, roles, said)
    # what the path plans on: a practice area answered below the confidence threshold
    # is found out first (a discovery item), not planned from guesses
    known = {
        key for key in applicable if scorecard.dimension(key).confidence >= CONFIDENCE_THRESHOLD
    }

    modifiers: list[Modifier] = []
    target_levels = _path_targets(scorecard, roles, plan, outcome, known)
    forced: set[str] = set()
    pushed: set[str] = set()
    focus: dict[str, tuple[str, ...]] = {}  # dimension -> the only questions its steps use
    lead: set[str] = set()  # questions whose next steps come first
    if facts["ml_in_production"].holds:
        safety = _model_safety(scorecard, roles, said, applicable, target_levels)
        modifiers.append(safety[0])
        forced |= safety[1]
        lead |= set(roles.model_safety_questions.values())
    if facts["high_stakes"].holds:
        modifier, governed, governance_focus = _regulated(
            framework, scorecard, roles, facts, target_levels
        )
        modifiers.append(modifier)
        forced |= governed
        focus.update(governance_focus)
    budget = said.answer("budget")
    if budget in CAPACITY_BY_BUDGET:
        modifiers.append(_budget(budget))
    if said.answer("team") in THIN_DATA_TEAMS:
        modifier = _thin_data_team(scorecard, roles, said, outcome, known, target_levels)
        modifiers.append(modifier)
        if modifier.applied:
            pushed |= set(roles.dimensions_of("collaboration")) & known
    for key, value in _checked_overrides(framework, scorecard, targets).items():
        target_levels[key] = (value, _("set for this assessment"))
    _raise_prerequisite_targets(framework, scorecard, target_levels)

    gaps = _gaps(framework, scorecard, target_levels)
    forced |= _prerequisites_needing_work(framework, scorecard, forced, target_levels)
    foundations = {
        key for key in roles.dimensions_of("delivery_foundation") if scorecard.has_dimension(key)
    }
    phases, final = _roadmap(
        framework,
        scorecard,
        _phase_plans(plan, outcome, facts),
        gaps,
        {key: level for key, (level, _) in target_levels.items()},
        forced=forced,
        pushed=pushed,
        foundations=foundations,
        focus=focus,
        lead=lead,
        stretch=CONSTRAINED_BUDGET_STRETCH if budget == "constrained" else 1.0,
        capacity=CAPACITY_BY_BUDGET.get(budget or "", MAX_PARALLEL_ITEMS),
    )
    discovery = _discovery(framework, scorecard, roles, said)
    provisional = _provisional(scorecard, roles, said)
    return Advice(
        framework_key=framework.key,
        framework_version=framework.version,
        path=DecisionPath(
            outcome,
            _(plan.title),
            _summary(outcome, phases, forced),
            evaluations,
            provisional,
        ),
        modifiers=tuple(modifiers),
        targets=tuple(
            Target(d.key, *target_levels[d.key])
            for d in scorecard.dimensions
            if d.key in target_levels
        ),
        gaps=tuple(gaps),
        phases=phases,
        quick_wins=_quick_wins(framework, scorecard, phases, focus),
        unfinished=tuple(
            gap.dimension for gap in gaps if (final[gap.dimension] or 0.0) < gap.target
        ),
        discovery=discovery,
        horizon_months=phases[-1].end_month if phases else 0,
        schedule=schedule_in_words(phases),
        dora=dora_profile(framework, scorecard, roles),
        reference_levels=reference_levels(scorecard, roles),
    )


def path_outcome(
    framework: Framework,
    scorecard: Scorecard,
    context: Mapping[str, str],
    *,
    regulated: bool = False,
) -> str:
    """The key of the path advise() recommends, without planning its roadmap:
    all a stored headline needs, at a fraction of the cost (the headline is
    recomputed on every answer save). Raises ValueError as advise() does for a
    choice the bank does not offer or another framework's scorecard."""
    outcome, _evaluations = _decide(_path_facts(framework, scorecard, context, regulated)[2])
    return outcome


def _path_facts(
    framework: Framework, scorecard: Scorecard, context: Mapping[str, str], regulated: bool
) -> tuple[Roles, _Said, dict[str, Fact]]:
    if scorecard.framework_sha256 != framework.sha256:
        raise ValueError("the scorecard was computed with a different framework")
    roles = roles_of(framework)
    said = _Said(framework, roles, _context_answers(framework, context))
    return roles, said, _facts(scorecard, roles, said, regulated)


def schedule_in_words(phases: Iterable[Phase]) -> str:
    spans = [f"{phase.start_month}–{phase.end_month}" for phase in phases]
    if not spans:
        return _("no phases: nothing is below its target")
    if len(spans) == 1:
        return _("months %(span)s") % {"span": spans[0]}
    return _("months %(spans)s and %(last)s") % {"spans": ", ".join(spans[:-1]), "last": spans[-1]}


def path_title(outcome: str) -> str:
    """A path's title in the active language (stored headlines keep only the key)."""
    return _(PATHS[outcome].title)


def rule_description(rule: Rule) -> str:
    return _(rule.description)


# -- context in the client's words --------------------------------------------------------

# _Said.label asks the catalogue whether to lower-case the first letter of an
# answer quoted mid-sentence: translators answer "lower" or "keep" (German nouns).


class _Said:
    """The context answers by role, and how to quote them in the bank's own words."""

    def __init__(self, framework: Framework, roles: Roles, answers: Mapping[str, str]):
        self.framework = framework
        self.roles = roles
        self.answers = answers

    def answer(self, role: str) -> str | None:
        key = self.roles.context_key(role)
        return self.answers.get(key) if key else None

    def question(self, role: str) -> str:
        key = self.roles.context_key(role)
        return self.framework.context_question(key).text if key else role.replace("_", " ")

    def label(self, role: str) -> str:
        """The chosen answer as the client read it, e.g. "Data scientists only"."""
        key = self.roles.context_key(role)
        value = self.answer(role)
        if key is None or value is None:
            return ""
        label = next(
            c for c in self.framework.context_question(key).choices if c.key == value
        ).label
        # "Data scientists only" reads "data scientists only"; "AI as ..." keeps its
        # acronym. German keeps its capitals (nouns): the catalogue says which.
        lower = pgettext("quoting a choice mid-sentence: lower or keep its first letter", "lower")
        if label[1:2].isupper() or lower != "lower":
            return label
        return label[0].lower() + label[1:]

    def quoted(self, role: str) -> str:
        """E.g. "AI adoption stage: in production"."""
        name = CONTEXT_ROLE_NAMES.get(role)
        return _("%(topic)s: %(answer)s") % {
            "topic": _(name) if name else role.replace("_", " "),
            "answer": self.label(role),
        }

    def title(self, dimension_key: str) -> str:
        return self.framework.dimension(dimension_key).title


def _context_answers(framework: Framework, context: Mapping[str, str]) -> dict[str, str]:
    """The context answers this bank asks for; a value must be one of the question's choices."""
    answers = {}
    for question in framework.context_questions:
        value = context.get(question.key)
        if not value:
            continue
        if value not in question.choice_keys:
            raise ValueError(
                f"context answer {question.key}={value!r} is not one of: "
                f"{', '.join(question.choice_keys)}"
            )
        answers[question.key] = value
    return answers


# -- facts and the decision ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    holds: bool
    because: str


def _truncated(value: float) -> str:
    # truncation (not rounding) keeps "1.49 < 1.5" readable next to the threshold
    return decimal(math.floor(value * 100) / 100)


def role_index(scorecard: Scorecard, roles: Roles, role: str) -> tuple[float | None, str]:
    """Weighted mean of the gated scores of a role's answered dimensions, and its name.

    Falls back to the DevOps index when the bank declares no such dimensions.
    """
    members = [
        scorecard.dimension(key)
        for key in roles.dimensions_of(role)
        if scorecard.has_dimension(key) and scorecard.dimension(key).gated is not None
    ]
    if not any(scorecard.has_dimension(key) for key in roles.dimensions_of(role)):
        area = scorecard.area("devops")
        return (area.index if area else None), _("DevOps index")
    name = _(INDEX_NAMES[role])
    weight = sum(d.weight for d in members)
    if not weight:
        return None, name
    return sum(d.weight * d.gated for d in members) / weight, name  # type: ignore[operator]


def _index_fact(name: str, index: float | None, threshold: float, below: bool) -> Fact:
    if index is None:
        return Fact(below, _("%(name)s: no answers yet, treated as 0") % {"name": name})
    holds = index < threshold if below else index >= threshold
    relation = "<" if index < threshold else "≥"
    # a comparison, no words of ours: nothing to translate but the numbers
    return Fact(holds, f"{name} {_truncated(index)} {relation} {decimal(threshold)}")


def _facts(scorecard: Scorecard, roles: Roles, said: _Said, regulated: bool) -> dict[str, Fact]:
    foundation, foundation_name = role_index(scorecard, roles, "delivery_foundation")
    delivery, delivery_name = role_index(scorecard, roles, "model_delivery")
    stage = said.answer("adoption_stage")
    objective = said.answer("objective")
    pilots = said.answer("pilots")

    if stage:
        ml_in_production = Fact(stage in ML_LIVE_STAGES, said.quoted("adoption_stage"))
        ml_core = Fact(stage == "core", said.quoted("adoption_stage"))
        little_ai = Fact(stage in LITTLE_AI_STAGES, said.quoted("adoption_stage"))
    else:
        unknown = _("“%(question)s” is not answered: not assumed") % {
            "question": said.question("adoption_stage")
        }
        ml_in_production = ml_core = Fact(False, unknown)
        little_ai = Fact(False, unknown)

    if objective:
        ai_is_strategic = Fact(objective in AI_OBJECTIVES, said.quoted("objective"))
    else:
        ai_is_strategic = Fact(
            False,
            _("“%(question)s” is not answered: AI is not assumed strategic")
            % {"question": said.question("objective")},
        )

    if pilots:
        pilots_stall = Fact(pilots == "rarely", said.quoted("pilots"))
    else:
        pilots_stall = Fact(
            False,
            _("“%(question)s” is not answered: not assumed")
            % {"question": said.question("pilots")},
        )

    ml_ambition = _ml_ambition(scorecard, said, stage, objective, pilots)
    delivery_ready = _index_fact(delivery_name, delivery, DEVOPS_MATURE_FROM, below=False)
    return {
        "devops_immature": _index_fact(
            foundation_name, foundation, DEVOPS_IMMATURE_BELOW, below=True
        ),
        "devops_mature": _index_fact(foundation_name, foundation, DEVOPS_MATURE_FROM, below=False),
        "model_delivery_ready": delivery_ready,
        "model_delivery_not_ready": Fact(not delivery_ready.holds, delivery_ready.because),
        "model_delivery_borderline": Fact(
            delivery is not None and delivery >= DEVOPS_MATURE_FROM - BORDERLINE,
            _("%(name)s within %(margin)s of %(threshold)s")
            % {
                "name": delivery_name,
                "margin": decimal(BORDERLINE),
                "threshold": decimal(DEVOPS_MATURE_FROM),
            },
        ),
        "ml_in_production": ml_in_production,
        "ml_core": ml_core,
        "ai_is_strategic": ai_is_strategic,
        "high_stakes": _high_stakes(said, regulated),
        "little_or_no_ai": little_ai,
        "pilots_stall": pilots_stall,
        "ml_ambition": ml_ambition,
        "no_ml_ambition": Fact(not ml_ambition.holds, ml_ambition.because),
    }


def _ml_ambition(
    scorecard: Scorecard,
    said: _Said,
    stage: str | None,
    objective: str | None,
    pilots: str | None,
) -> Fact:
    evidence = []
    if stage and stage != "none":
        evidence.append(said.quoted("adoption_stage"))
    if objective in AI_OBJECTIVES:
        evidence.append(said.quoted("objective"))
    if pilots and pilots != "no_pilots":
        evidence.append(said.quoted("pilots"))
    if evidence:
        return Fact(True, reasons(evidence))
    if stage:  # "none", and nothing else says otherwise
        return Fact(False, said.quoted("adoption_stage"))
    question = said.question("adoption_stage")
    if scorecard.area("mlops") is not None:
        return Fact(
            True,
            _("“%(question)s” is not answered; MLOps is part of this assessment")
            % {"question": question},
        )
    return Fact(
        False,
        _("“%(question)s” is not answered; MLOps is not part of this assessment")
        % {"question": question},
    )


def _high_stakes(said: _Said, regulated: bool) -> Fact:
    industry = said.answer("industry")
    compliance = said.answer("compliance")
    found = []
    if regulated:
        found.append(_("the organization is marked as regulated"))
    if industry in HIGH_STAKES_INDUSTRIES:
        found.append(_("%(answer)s (high stakes)") % {"answer": said.quoted("industry")})
    if compliance == "high":
        found.append(said.quoted("compliance"))
    if found:
        return Fact(True, reasons(found))
    known = [said.quoted("industry")] if industry else []
    known += [said.quoted("compliance")] if compliance else []
    return Fact(
        False,
        _("not regulated (%(known)s)")
        % {"known": reasons(known) or _("no industry or compliance answer")},
    )


def _decide(facts: Mapping[str, Fact]) -> tuple[str, tuple[RuleEvaluation, ...]]:
    evaluated = []
    for rule in RULES:
        fired = all(facts[name].holds for name in rule.conditions)
        rationale = reasons(facts[name].because for name in rule.conditions)
        evaluated.append(
            RuleEvaluation(rule.key, rule.outcome, rule_description(rule), fired, rationale)
        )
        if fired:
            return rule.outcome, tuple(evaluated)
    raise AssertionError("RULES must end with a rule that always matches")


def _phase_plans(plan: PathPlan, outcome: str, facts: Mapping[str, Fact]) -> tuple[PhasePlan, ...]:
    """The path's phases; close to the threshold, devops_first opens MLOps a phase earlier."""
    if outcome != "devops_first" or not facts["model_delivery_borderline"].holds:
        return plan.phases
    first, second, third = plan.phases
    return (
        first,
        PhasePlan(
            gettext_noop("Automate delivery, start selective MLOps"),
            3,
            9,
            BOTH_AREAS,
            second.max_rise,
        ),
        third,
    )


# -- what the texts say, read from the roadmap --------------------------------------------


def _summary(outcome: str, phases: tuple[Phase, ...], forced: set[str]) -> str:
    """The path in a paragraph; every month it states is read from `phases`.

    Built from whole sentences, each translated on its own.
    """
    months = {"months": phases[-1].end_month if phases else 0}
    # work a modifier forces in (governance, model safety) is not the path's MLOps program
    mlops_start = next(
        (
            p.start_month
            for p in phases
            if any(i.area == "mlops" and i.dimension not in forced for i in p.items)
        ),
        None,
    )
    forced_note = (
        [_("Governance or model-safety work that cannot wait starts earlier: see the adjustments.")]
        if any(i.area == "mlops" and i.dimension in forced for p in phases for i in p.items)
        else []
    )
    if outcome == "devops_foundation":
        sentences = [
            _("Software delivery is not yet dependable and AI is not a priority."),
            _(
                "Invest over the %(months)s months of this roadmap in version control, automated "
                "tests, CI/CD and operations; an MLOps program would have nothing solid to stand "
                "on yet."
            )
            % months
            if phases
            else _(
                "Keep version control, tests, CI/CD and operations where they are; an MLOps "
                "program would have nothing solid to stand on yet."
            ),
        ]
    elif outcome == "sustain_delivery":
        sentences = [
            _(
                "Delivery is mature and there is no ML ambition. Close the few remaining gaps "
                "over the %(months)s months of this roadmap, keep what works, and review the "
                "delivery profile every quarter."
            )
            % months
            if phases
            else _(
                "Delivery is mature and there is no ML ambition: no practice is below its "
                "target. Keep them there and review the delivery profile every quarter."
            )
        ]
    elif outcome == "devops_first":
        sentences = [
            _(
                "There are ML ambitions, but the practices that carry models to production are "
                "still developing, and models built on weak delivery rarely reach production."
            ),
            _("This roadmap spends its %(months)s months on DevOps; MLOps comes after it.") % months
            if mlops_start is None
            else _(
                "Spend months 0–%(start)s on DevOps, then add MLOps selectively from month "
                "%(start)s, on the practices that need it."
            )
            % {"start": mlops_start},
            *forced_note,
        ]
    elif outcome == "extend_to_mlops":
        sentences = [
            _(
                "The practices that carry models to production are mature: that is a head start "
                "on MLOps. Extend the existing CI/CD, infrastructure and monitoring to data and "
                "models over the %(months)s months of this roadmap: version datasets, track "
                "experiments, automate training, serve and watch models."
            )
            % months
            if phases
            else _("Delivery and MLOps practices are at their targets: keep them there.")
        ]
    else:
        sentences = [
            _("Models already run in production and matter to the business."),
            _(
                "Months %(start)s–%(end)s make sure every production model is known, watched, "
                "reversible and owned; MLOps is then built around the models that exist, with the "
                "DevOps practices they depend on fixed in parallel rather than first."
            )
            % {"start": phases[0].start_month, "end": phases[0].end_month}
            if phases
            else _(
                "Every practice is at its target: keep the models known, watched, reversible "
                "and owned."
            ),
        ]
    return " ".join(sentences)


# -- confidence ---------------------------------------------------------------------------


def _provisional(scorecard: Scorecard, roles: Roles, said: _Said) -> tuple[str, ...]:
    missing = [
        _("“%(question)s”") % {"question": said.question(role)}
        for role in roles.context
        if said.answer(role) is None
    ]
    found = []
    if missing:
        found.append(
            ngettext(
                "the context question %(questions)s is not answered",
                "the context questions %(questions)s are not answered",
                len(missing),
            )
            % {"questions": ", ".join(missing)}
        )
    if roles.context_key("adoption_stage") is None:
        found.append(
            _(
                "this question bank does not say which of its questions holds the AI adoption "
                "stage, so the path rests on the scores alone"
            )
        )
    for area in scorecard.areas:
        if area.confidence is not None and area.confidence < CONFIDENCE_THRESHOLD:
            found.append(
                _(
                    "only %(percent)s%% of the %(area)s questions that apply are answered (the "
                    "advice needs %(needed)s%%)"
                )
                % {
                    "percent": math.floor(area.confidence * 100),
                    "area": area.title,
                    "needed": round(CONFIDENCE_THRESHOLD * 100),
                }
            )
    return tuple(found)


def _discovery(
    framework: Framework, scorecard: Scorecard, roles: Roles, said: _Said
) -> tuple[Discovery, ...]:
    found = []
    missing = [role for role in roles.context if said.answer(role) is None]
    if missing:
        found.append(
            Discovery(
                _("The organization's context"),
                _("the path depends on these answers; until they are given it is provisional"),
                tuple(said.question(role) for role in missing),
            )
        )
    for dimension in scorecard.dimensions:
        if (
            not dimension.is_practice
            or dimension.confidence is None
            or dimension.confidence >= CONFIDENCE_THRESHOLD
        ):
            continue
        open_questions = [
            framework.question(result.key).text
            for result in dimension.questions
            if result.state in ("unknown", "unanswered")
        ]
        found.append(
            Discovery(
                dimension.title,
                _(
                    "%(percent)s%% answered: find out where this practice stands before "
                    "investing in it"
                )
                % {"percent": math.floor(dimension.confidence * 100)},
                tuple(open_questions[:MAX_DISCOVERY_QUESTIONS]),
            )
        )
    return tuple(found)


# -- modifiers and targets ----------------------------------------------------------------


def _applicable(scorecard: Scorecard, roles: Roles, said: _Said) -> set[str]:
    """The practice areas the advice may target.

    Not those whose every question is N/A, and not GenAI work for a client who
    neither consumes nor fine-tunes models and answered every GenAI question
    at level 0: there is no GenAI application to make safe.
    """
    genai_unused = said.answer("model_usage") not in GENAI_USAGES
    found = set()
    for dimension in scorecard.dimensions:
        if not dimension.is_practice or dimension.confidence is None:
            continue
        if genai_unused and dimension.key in roles.dimensions_of("genai") and not dimension.raw:
            continue
        found.add(dimension.key)
    return found


TargetLevels = dict[str, tuple[float, str]]  # dimension key -> (target, why)


def _path_targets(
    scorecard: Scorecard, roles: Roles, plan: PathPlan, outcome: str, applicable: set[str]
) -> TargetLevels:
    by_role = {
        key: level for role, level in plan.role_targets.items() for key in roles.dimensions_of(role)
    }
    targets: TargetLevels = {}
    path = path_title(outcome)
    for dimension in scorecard.dimensions:
        if dimension.key not in applicable:
            continue
        level = by_role.get(dimension.key, plan.area_targets.get(dimension.area))
        if level is not None:
            targets[dimension.key] = (
                float(level),
                _("default for the path “%(path)s”") % {"path": path},
            )
    return targets


def _raise_target(targets: TargetLevels, key: str, level: float, why: str) -> None:
    if targets.get(key, (0.0, ""))[0] < level:
        targets[key] = (float(level), why)


def _budget(budget: str) -> Modifier:
    if budget == "constrained":
        return Modifier(
            "constrained_budget",
            True,
            _(
                "budget and compute are constrained: phases take %(stretch)s× as long and at "
                "most %(parallel)s practice areas are worked on at once"
            )
            % {
                "stretch": decimal(CONSTRAINED_BUDGET_STRETCH),
                "parallel": MAX_PARALLEL_ITEMS_CONSTRAINED,
            },
        )
    return Modifier(
        "dedicated_budget",
        True,
        _(
            "a dedicated budget: up to %(parallel)s practice areas are worked on at once instead "
            "of %(usual)s; the months stay the same, since practices take time to settle "
            "whatever the budget"
        )
        % {"parallel": MAX_PARALLEL_ITEMS_DEDICATED, "usual": MAX_PARALLEL_ITEMS},
    )


def _model_safety(
    scorecard: Scorecard,
    roles: Roles,
    said: _Said,
    applicable: set[str],
    targets: TargetLevels,
) -> tuple[Modifier, set[str]]:
    keys = list(roles.dimensions_of("model_safety"))
    if said.answer("model_usage") in GENAI_USAGES:
        keys += roles.dimensions_of("genai")
    safety = [key for key in dict.fromkeys(keys) if key in applicable]
    if not safety:
        return (
            Modifier(
                "model_safety",
                False,
                _(
                    "models run in production, but this bank names no practice areas for model "
                    "safety: plan an inventory, outcome monitoring, rollback and owners alongside"
                ),
            ),
            set(),
        )
    for key in safety:
        _raise_target(targets, key, MODEL_SAFETY_TARGET, _("models run in production"))
    titles = ", ".join(said.title(key) for key in safety)
    return (
        Modifier(
            "model_safety",
            True,
            _(
                "models run in production (%(answer)s): %(titles)s start in phase 1 whatever "
                "the path, so every production model is known, watched, reversible and owned"
            )
            % {"answer": said.quoted("adoption_stage"), "titles": titles},
        ),
        set(safety),
    )


def _regulated(
    framework: Framework,
    scorecard: Scorecard,
    roles: Roles,
    facts: Mapping[str, Fact],
    targets: TargetLevels,
) -> tuple[Modifier, set[str], dict[str, tuple[str, ...]]]:
    because = facts["high_stakes"].because
    governance = [key for key in roles.dimensions_of("governance") if scorecard.has_dimension(key)]
    if not governance:
        return (
            Modifier(
                "regulated",
                True,
                _(
                    "%(because)s: governance and auditability belong in phase 1; this "
                    "assessment has no governance practice area, so plan them alongside this "
                    "roadmap"
                )
                % {"because": because},
            ),
            set(),
            {},
        )
    titles = ", ".join(framework.dimension(key).title for key in governance)
    if facts["little_or_no_ai"].holds:
        questions = tuple(
            key
            for role in ("policy", "ai_inventory")
            if (key := roles.governance_questions.get(role)) is not None
        )
        for key in governance:
            _raise_target(
                targets, key, REGULATED_NO_AI_GOVERNANCE_TARGET, _("regulated, no AI yet")
            )
        # Say phase 1 sets them up only when the roadmap schedules it: a headline
        # never promises work its own roadmap lacks.
        scheduled = any(
            (scorecard.dimension(key).gated or 0.0) < targets[key][0] for key in governance
        )
        rationale = (
            _(
                "%(because)s, with little or no AI yet: phase 1 sets an AI use policy and an "
                "inventory of where AI is used, before the first model; model governance comes "
                "with the models"
            )
            if scheduled
            else _(
                "%(because)s, with little or no AI yet: governance already reaches the level "
                "this stage needs (an AI use policy and an inventory of where AI is used), so "
                "nothing is added before the first model; model governance comes with the models"
            )
        )
        return (
            Modifier("regulated", True, rationale % {"because": because}),
            set(governance),
            {key: questions for key in governance if questions},
        )
    for key in governance:
        _raise_target(targets, key, REGULATED_GOVERNANCE_TARGET, _("regulated setting"))
    return (
        Modifier(
            "regulated",
            True,
            _(
                "%(because)s: governance and auditability are mandatory, so %(titles)s is "
                "targeted at %(level)s or more and starts in phase 1"
            )
            % {"because": because, "titles": titles, "level": REGULATED_GOVERNANCE_TARGET},
        ),
        set(governance),
        {},
    )


def _thin_data_team(
    scorecard: Scorecard,
    roles: Roles,
    said: _Said,
    outcome: str,
    applicable: set[str],
    targets: TargetLevels,
) -> Modifier:
    team = said.quoted("team")
    if outcome in ("devops_foundation", "sustain_delivery"):
        return Modifier(
            "thin_data_team",
            False,
            _("%(team)s; no MLOps program on this path yet") % {"team": team},
        )
    collaboration = [key for key in roles.dimensions_of("collaboration") if key in applicable]
    if not collaboration:
        return Modifier(
            "thin_data_team",
            False,
            _("%(team)s; this assessment has no collaboration practice area") % {"team": team},
        )
    for key in collaboration:
        _raise_target(targets, key, COLLABORATION_TARGET, _("a thin data team"))
    titles = ", ".join(said.title(key) for key in collaboration)
    return Modifier(
        "thin_data_team",
        True,
        _(
            "%(team)s: models need engineering and operations partners, so %(titles)s comes "
            "first among the work of each phase, right after any delivery foundation still "
            "below level %(level)s"
        )
        % {"team": team, "titles": titles, "level": FOUNDATION_LEVEL},
    )


def _checked_overrides(
    framework: Framework, scorecard: Scorecard, targets: Mapping[str, float] | None
) -> dict[str, float]:
    """Valid overrides of the dimensions being scored.

    A target for a dimension of the bank outside the scored areas is kept by
    the assessment (its scope may change back) but plays no part here.
    """
    checked = {}
    for key, value in sorted((targets or {}).items()):
        if not framework.has_dimension(key):
            raise ValueError(f"target for unknown dimension {key!r}")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= MAX_LEVEL
        ):
            raise ValueError(f"target for {key!r} must be a number from 0 to 4, got {value!r}")
        if scorecard.has_dimension(key) and scorecard.dimension(key).is_practice:
            checked[key] = float(value)
    return checked


def _raise_prerequisite_targets(
    framework: Framework, scorecard: Scorecard, targets: TargetLevels
) -> None:
    """A targeted dimension needs its prerequisites at the level it builds on."""
    for dimension in reversed(framework.dependency_order):
        if targets.get(dimension.key, (0.0, ""))[0] <= 0:
            continue
        for prerequisite in dimension.prerequisites:
            if scorecard.has_dimension(prerequisite.dimension):
                _raise_target(
                    targets,
                    prerequisite.dimension,
                    prerequisite.min_level,
                    _("%(title)s builds on it") % {"title": dimension.title},
                )


# -- gaps ---------------------------------------------------------------------------------


def _gaps(framework: Framework, scorecard: Scorecard, targets: TargetLevels) -> list[Gap]:
    gaps = []
    for score in scorecard.dimensions:
        target = targets.get(score.key, (0.0, ""))[0]
        current = score.gated or 0.0
        if target > current:
            gaps.append(
                Gap(
                    dimension=score.key,
                    title=score.title,
                    area=score.area,
                    current=score.gated,
                    target=target,
                    gap=target - current,
                    weight=score.weight,
                    priority=score.weight * (target - current),
                )
            )
    gated = {score.key: score.gated for score in scorecard.dimensions}
    return _prerequisites_first(
        framework,
        gaps,
        lambda gap: (-gap.priority, gap.dimension),
        lambda dimension: [p for p, _, _ in unmet_prerequisites(dimension, gated)],
    )


def _prerequisites_first(
    framework: Framework,
    gaps: Iterable[Gap],
    rank: Callable[[Gap], tuple[Any, ...]],
    prerequisites: Callable[[Dimension], Iterable[Prerequisite]],
) -> list[Gap]:
    """Most urgent (smallest `rank`) first, but never before the gap of a prerequisite.

    `prerequisites` says which prerequisites of a dimension count. Such a
    prerequisite is as urgent as the most urgent gap that waits for it, so the
    foundations of important work come early rather than merely before it.
    """
    pending = {gap.dimension: gap for gap in gaps}
    urgency = {key: rank(gap) for key, gap in pending.items()}
    waits_for = {
        key: [p.dimension for p in prerequisites(framework.dimension(key))] for key in pending
    }
    for dimension in reversed(framework.dependency_order):  # dependants before prerequisites
        for prerequisite in waits_for.get(dimension.key, ()):
            if prerequisite in urgency:
                urgency[prerequisite] = min(urgency[prerequisite], urgency[dimension.key])
    ordered = []
    while pending:
        ready = [
            gap
            for gap in pending.values()
            if not any(prerequisite in pending for prerequisite in waits_for[gap.dimension])
        ]
        chosen = min(ready, key=lambda gap: urgency[gap.dimension])
        ordered.append(chosen)
        del pending[chosen.dimension]
    return ordered


def _prerequisites_needing_work(
    framework: Framework, scorecard: Scorecard, keys: set[str], targets: TargetLevels
) -> set[str]:
    """The prerequisites (transitively) of `keys` still below the level those build on.

    A foundation that already meets that level may still have a target of its
    own, but that work need not come first.
    """
    found: set[str] = set()
    stack = sorted(keys)
    while stack:
        for prerequisite in framework.dimension(stack.pop()).prerequisites:
            key = prerequisite.dimension
            if key in found or not scorecard.has_dimension(key):
                continue
            score = scorecard.dimension(key)
            if (score.gated or 0.0) < prerequisite.min_level and (score.raw or 0.0) < targets.get(
                key, (0.0, "")
            )[0]:
                found.add(key)
                stack.append(key)
    return found


# -- roadmap ------------------------------------------------------------------------------


def _roadmap(
    framework: Framework,
    scorecard: Scorecard,
    phase_plans: tuple[PhasePlan, ...],
    gaps: list[Gap],
    targets: Mapping[str, float],
    *,
    forced: set[str],
    pushed: set[str],
    foundations: set[str],
    focus: Mapping[str, tuple[str, ...]],
    lead: set[str],
    stretch: float,
    capacity: int,
) -> tuple[tuple[Phase, ...], dict[str, float | None]]:
    """Schedule the gaps phase by phase, projecting gated scores as work completes.

    `forced` dimensions start in phase 1 and continue in every phase until they
    reach their target, whatever the phase's areas or capacity; delivery
    `foundations` projected below FOUNDATION_LEVEL come next, then `pushed` ones,
    then the rest by priority. Phases with nothing to do are left out and the
    rest numbered in order. Returns the phases and the projected gated scores
    after the last one.
    """
    in_scope = [d for d in framework.dependency_order if scorecard.has_dimension(d.key)]
    raw: dict[str, float | None] = {d.key: scorecard.dimension(d.key).raw for d in in_scope}
    gated: dict[str, float | None] = {d.key: scorecard.dimension(d.key).gated for d in in_scope}
    started: dict[str, int] = {}
    phases = []
    for index, phase_plan in enumerate(phase_plans):
        start_month = math.ceil(phase_plan.start_month * stretch)
        end_month = math.ceil(phase_plan.end_month * stretch)
        needs_work = {k for k, level in targets.items() if (raw.get(k) or 0.0) < level}
        # every prerequisite that still has a gap goes first here: a dimension may not
        # start before any of them, so they inherit its urgency. A delivery foundation
        # counts as weak while its projection is below FOUNDATION_LEVEL, so the weakest
        # foundations take the places of those that already reached it.
        weak = {k for k in foundations if (gated.get(k) or 0.0) < FOUNDATION_LEVEL}
        order = _prerequisites_first(
            framework,
            gaps,
            lambda gap, weak=weak: (
                gap.dimension not in forced,
                gap.dimension not in weak,
                gap.dimension not in pushed,
                -gap.priority,
                gap.dimension,
            ),
            lambda dimension: dimension.prerequisites,
        )
        selected = _select(
            framework, order, needs_work, started, gated, phase_plan, forced, capacity
        )
        # work raises a dimension's own practices (raw); its gated score follows as far
        # as its prerequisites' projected scores allow
        new_raw = dict(raw)
        for key in selected:
            new_raw[key] = float(
                min(targets[key], math.floor(raw[key] or 0.0) + phase_plan.max_rise)
            )
            started.setdefault(key, index)
        new_gated: dict[str, float | None] = {}
        for dimension in in_scope:
            new_gated[dimension.key] = _gated(dimension, new_raw[dimension.key], new_gated)
        items = [
            RoadmapItem(
                dimension=gap.dimension,
                title=gap.title,
                area=gap.area,
                current=one_decimal(gated[gap.dimension]),
                target=new_raw[gap.dimension],  # type: ignore[arg-type]
                expected=one_decimal(new_gated[gap.dimension]),  # type: ignore[arg-type]
                capped_by=tuple(
                    prerequisite.dimension
                    for prerequisite, _, cap in unmet_prerequisites(
                        framework.dimension(gap.dimension), new_gated
                    )
                    if cap < new_raw[gap.dimension]  # type: ignore[operator]
                ),
                final_target=targets[gap.dimension],
                next_steps=_next_steps(
                    framework,
                    scorecard.dimension(gap.dimension),
                    raw[gap.dimension] or 0.0,
                    new_raw[gap.dimension],  # type: ignore[arg-type]
                    focus.get(gap.dimension),
                    lead,
                ),
                start_month=start_month,
                end_month=end_month,
            )
            for gap in order
            if gap.dimension in selected
        ]
        if not items:
            gated = new_gated
            continue
        raw, gated = new_raw, new_gated
        if items:
            phases.append(
                Phase(
                    number=len(phases) + 1,
                    title=_(phase_plan.title),
                    start_month=start_month,
                    end_month=end_month,
                    items=tuple(items),
                    projected={d.key: one_decimal(gated[d.key]) for d in scorecard.dimensions},
                )
            )
    return tuple(phases), gated


def _select(
    framework: Framework,
    order: list[Gap],
    needs_work: set[str],
    started: Mapping[str, int],
    gated: Mapping[str, float | None],
    phase_plan: PhasePlan,
    forced: set[str],
    capacity: int,
) -> set[str]:
    """The dimensions to work on in this phase, most urgent first, within its capacity.

    A dimension waits while one of its prerequisites needs work that has not
    started (earlier, or earlier in this selection). Unless a modifier forces it
    into the roadmap, it also waits while a prerequisite is, when the phase starts,
    more than one level below the level it builds on, or one level below and
    not worked on in this phase: the same "at most one level ahead of an unmet
    foundation" that gating allows, so no place goes to work it could not use.
    Forced work takes its places first; the rest share what capacity is left.
    """
    selected: set[str] = set()
    regular = 0
    room = capacity - len(forced & needs_work)
    for gap in order:
        key = gap.dimension
        dimension = framework.dimension(key)
        if key not in needs_work or any(
            p.dimension in needs_work
            and (gated.get(p.dimension) or 0.0) < p.min_level
            and p.dimension not in started
            and p.dimension not in selected
            for p in dimension.prerequisites
        ):
            continue
        if key in forced:
            selected.add(key)
        elif any(
            (score or 0.0) < p.min_level - 1 or p.dimension not in selected
            for p, score, _ in unmet_prerequisites(dimension, gated)
        ):
            continue
        elif gap.area in phase_plan.areas and regular < room:
            selected.add(key)
            regular += 1
    return selected


def _gated(
    dimension: Dimension, raw: float | None, gated_scores: Mapping[str, float | None]
) -> float | None:
    if raw is None:
        return None
    return min([raw, *(cap for _, _, cap in unmet_prerequisites(dimension, gated_scores))])


def _next_steps(
    framework: Framework,
    score: DimensionScore,
    start: float,
    target: float,
    focus: tuple[str, ...] | None,
    lead: set[str],
) -> tuple[NextStep, ...]:
    """The bank's next step for the weakest questions still below the phase target.

    A question is assumed to be at least at the dimension's whole level when the
    phase starts; answered questions come before unknown ones at the same level.
    `lead` questions (model safety) come first; with a `focus`, only its
    questions are proposed.
    """
    floor_level = math.floor(start)
    candidates = []
    for position, (question, result) in enumerate(
        zip(framework.questions_of(score.key), score.questions, strict=True)
    ):
        if result.state == "na" or (focus is not None and question.key not in focus):
            continue
        level = max(result.level or 0, floor_level)
        if level < target:
            rank = (
                question.key not in lead,
                level,
                result.state != "answered",
                -question.weight,
                position,
            )
            candidates.append((rank, question, level))
    candidates.sort(key=lambda candidate: candidate[0])
    return tuple(
        NextStep(question.key, question.text, level, question.levels[level].next_step)
        for _, question, level in candidates[:MAX_NEXT_STEPS]
    )


def _quick_wins(
    framework: Framework,
    scorecard: Scorecard,
    phases: tuple[Phase, ...],
    focus: Mapping[str, tuple[str, ...]],
) -> tuple[QuickWin, ...]:
    """Questions at level 0 in the first phase's dimensions: the first step is the cheapest.

    Ranked by the weight the question carries in its area index.
    """
    if not phases:
        return ()
    wins = []
    for item in phases[0].items:
        score = scorecard.dimension(item.dimension)
        allowed = focus.get(item.dimension)
        for question, result in zip(
            framework.questions_of(item.dimension), score.questions, strict=True
        ):
            if allowed is not None and question.key not in allowed:
                continue
            if result.state == "answered" and result.level == 0:
                impact = score.weight * question.weight / score.total_weight
                wins.append((-impact, question.key, question, item.dimension))
    wins.sort(key=lambda win: (win[0], win[1]))
    return tuple(
        QuickWin(question.key, question.text, dimension, 0, question.levels[0].next_step)
        for _, _, question, dimension in wins[:MAX_QUICK_WINS]
    )
