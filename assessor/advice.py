"""Advice: scorecard + context -> decision path, targets, gaps and a phased roadmap.

Pure and deterministic: no Django, no I/O, no clock; everything iterates in
framework order or sorts with a key-based tie-break.

Decision path. `RULES` is an ordered list; the first rule whose conditions all
hold decides the path. Every rule evaluated up to that point is reported with
the facts it looked at, so the recommendation explains itself.

  1. ML in production (or core) and AI is the differentiator or a revenue
     source                                                  -> mlops_critical
  2. ML in production (or core) in a regulated/high-stakes setting
                                                             -> mlops_critical
  3. DevOps index < DEVOPS_IMMATURE_BELOW (1.5) and little or no AI
                                                             -> devops_foundation
  4. DevOps index < DEVOPS_MATURE_FROM (2.5) and pilots rarely reach
     production                                              -> devops_first
  5. DevOps index < DEVOPS_MATURE_FROM and any ML ambition   -> devops_first
  6. DevOps index >= DEVOPS_MATURE_FROM and any ML ambition  -> extend_to_mlops
  7. no ML ambition                                          -> devops_foundation

Rules 5-7 together cover every case, so a path is always found. Missing
context answers fall back to the scores and the rationale says so: without
`ai_adoption_stage`, an MLOps index >= ML_IN_PRODUCTION_INFERRED_FROM (2.0)
reads as "ML in production" and one >= ML_WORK_INFERRED_FROM (1.0) as "ML work
under way"; without `pilots_reach_production`, an MLOps index below
PILOTS_STALL_INFERRED_BELOW (1.5) reads as "pilots would stall"; without
`business_objective`, AI is not assumed to be strategic (scores cannot tell).

Modifiers, applied after the path:
  - regulated (the `regulated` flag, compliance_exposure=high, or an industry
    in HIGH_STAKES_INDUSTRIES): `ml_governance` is targeted at least at
    REGULATED_GOVERNANCE_TARGET (3), starts in phase 1 and is worked on in
    every phase until it reaches its target, whatever the path's areas and
    capacity, together with any of its prerequisites that need work;
  - budget_compute=constrained: phase months x CONSTRAINED_BUDGET_STRETCH (1.5)
    and at most MAX_PARALLEL_ITEMS_CONSTRAINED (3) dimensions per phase
    (instead of MAX_PARALLEL_ITEMS, 5);
  - team_composition in data_scientists_only/no_data_roles: `ml_collaboration`
    is targeted at least at COLLABORATION_TARGET (2) and, with the practices it
    builds on, comes first in every phase that allows it (not on the
    devops_foundation path, which has no MLOps program yet).

Targets come from the path (`PATHS`), then the modifiers, then the
assessment's own overrides; finally every targeted dimension's prerequisites
are raised to the level it builds on. Gaps (target - gated score) are ordered
unmet prerequisites first (each as urgent as the most urgent gap waiting for
it), then weight x gap descending, then key.

Roadmap: each path has three phases (months 0-3, 3-9, 9-18) and says which
areas each phase works on; at most MAX_PARALLEL_ITEMS dimensions are worked
on per phase, most urgent first. A dimension's own practices climb at most one
whole level in each of the first two phases and two in the long third one; its
projected (gated) score follows as far as its prerequisites' projections
allow. A dimension never starts in an earlier phase than a prerequisite that
still needs work, nor while a prerequisite is, when the phase starts, more
than one level below the level it builds on (or one level below and not
worked on in that phase): the "one level ahead" that gating allows. So
continuous retraining waits for drift monitoring, a registry, validated data
and a model release path instead of being automated on top of their absence;
only the dimensions that regulation forces into the roadmap skip this wait.
Each item carries up to MAX_NEXT_STEPS next steps from the
bank: the `next_step` of the weakest questions' current levels. Quick wins are
first-phase questions still at level 0, where the first step is the cheapest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessor.frameworks import Dimension, Framework, Prerequisite
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
ML_IN_PRODUCTION_INFERRED_FROM = 2.0
ML_WORK_INFERRED_FROM = 1.0
PILOTS_STALL_INFERRED_BELOW = 1.5
HIGH_STAKES_INDUSTRIES = ("finance", "healthcare", "aviation_transport")
ML_LIVE_STAGES = ("production", "core")
LITTLE_AI_STAGES = ("none", "exploring")
AI_OBJECTIVES = ("ai_differentiator", "ai_revenue")
PILOT_PHRASES = {
    "no_pilots": "no ML pilots so far",
    "rarely": "pilot models rarely reach production",
    "sometimes": "pilot models sometimes reach production",
    "routinely": "pilot models routinely reach production",
}
THIN_DATA_TEAMS = ("data_scientists_only", "no_data_roles")

GOVERNANCE_DIMENSION = "ml_governance"
COLLABORATION_DIMENSION = "ml_collaboration"
REGULATED_GOVERNANCE_TARGET = 3
COLLABORATION_TARGET = 2

MAX_PARALLEL_ITEMS = 5
MAX_PARALLEL_ITEMS_CONSTRAINED = 3
CONSTRAINED_BUDGET_STRETCH = 1.5
MAX_NEXT_STEPS = 3
MAX_QUICK_WINS = 5


# -- the data the advice is made of -------------------------------------------------------


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
    summary: str
    phases: tuple[PhasePlan, ...]
    # default target per area (None: not targeted), then per dimension key
    area_targets: Mapping[str, int | None]
    dimension_targets: Mapping[str, int | None]


DEVOPS_ONLY = ("devops",)
BOTH_AREAS = ("devops", "mlops")

PATHS: Mapping[str, PathPlan] = {
    "devops_foundation": PathPlan(
        title="Build DevOps foundations first",
        summary=(
            "Software delivery is not yet dependable and AI is not a priority. Invest in "
            "version control, automated tests, CI/CD and operations; an MLOps program "
            "would have nothing solid to stand on yet."
        ),
        phases=(
            PhasePlan("Version, test and build every change", 0, 3, DEVOPS_ONLY, 1),
            PhasePlan("Automate delivery and operations", 3, 9, DEVOPS_ONLY, 1),
            PhasePlan("Consolidate and measure", 9, 18, DEVOPS_ONLY, 2),
        ),
        area_targets={"devops": 2, "mlops": None},
        dimension_targets={"source_control_testing": 3, "ci_cd": 3, "observability_incident": 3},
    ),
    "devops_first": PathPlan(
        title="DevOps first, then selective MLOps",
        summary=(
            "There are ML ambitions, but delivery practices are still developing, and "
            "models built on weak delivery rarely reach production. Spend about 6-9 "
            "months on DevOps, then add MLOps selectively: data versioning, experiment "
            "tracking, reproducible training and model serving."
        ),
        phases=(
            PhasePlan("Fix the delivery foundations", 0, 3, DEVOPS_ONLY, 1),
            PhasePlan("Automate delivery end to end", 3, 9, DEVOPS_ONLY, 1),
            PhasePlan("Selective MLOps on solid ground", 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": None},
        dimension_targets={
            "data_versioning_quality": 2,
            "experiment_tracking_registry": 2,
            "reproducible_training": 2,
            "model_serving": 2,
            "ml_collaboration": 2,
        },
    ),
    "extend_to_mlops": PathPlan(
        title="Extend DevOps into MLOps now",
        summary=(
            "DevOps is mature: that is a 6-12 month head start on MLOps. Extend the "
            "existing CI/CD, infrastructure and monitoring to data and models: version "
            "datasets, track experiments, automate training, serve and watch models."
        ),
        phases=(
            PhasePlan("Extend CI/CD to data and models", 0, 3, BOTH_AREAS, 1),
            PhasePlan("Automate the ML lifecycle", 3, 9, BOTH_AREAS, 1),
            PhasePlan("Close the loop: monitor and retrain", 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": 3},
        dimension_targets={"continuous_retraining": 2, "ml_compute": 2, "ml_governance": 2},
    ),
    "mlops_critical": PathPlan(
        title="MLOps is critical now",
        summary=(
            "Models already run in production and matter to the business. Build MLOps "
            "now, around the models that exist, and fix the DevOps practices they depend "
            "on in parallel rather than first."
        ),
        phases=(
            PhasePlan("Secure what runs in production", 0, 3, BOTH_AREAS, 1),
            PhasePlan("Automate the ML lifecycle", 3, 9, BOTH_AREAS, 1),
            PhasePlan("Operate and improve", 9, 18, BOTH_AREAS, 2),
        ),
        area_targets={"devops": 3, "mlops": 3},
        dimension_targets={},
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
        "ML runs in production and AI is the differentiator or a revenue source",
        ("ml_in_production", "ai_is_strategic"),
    ),
    Rule(
        "regulated_ml_in_production",
        "mlops_critical",
        "ML runs in production in a regulated or high-stakes setting",
        ("ml_in_production", "high_stakes"),
    ),
    Rule(
        "weak_delivery_little_ai",
        "devops_foundation",
        "delivery foundations are weak and there is little or no AI yet",
        ("devops_immature", "little_or_no_ai"),
    ),
    Rule(
        "pilots_stall_on_delivery",
        "devops_first",
        "DevOps is not yet mature and ML pilots stall before production",
        ("devops_not_mature", "pilots_stall"),
    ),
    Rule(
        "ml_ambition_ahead_of_delivery",
        "devops_first",
        "ML ambitions run ahead of delivery maturity",
        ("devops_not_mature", "ml_ambition"),
    ),
    Rule(
        "delivery_ready_for_ml",
        "extend_to_mlops",
        "DevOps is mature and there is ML to build on it",
        ("devops_mature", "ml_ambition"),
    ),
    Rule(
        "no_ml_ambition",
        "devops_foundation",
        "no ML ambition yet: keep strengthening delivery",
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
    answers are allowed; the rules then fall back to the scores). `targets`
    overrides the path's target level (0-4) of some dimensions. Raises
    ValueError for a choice the bank does not offer, a bad target, or a
    scorecard computed with another framework.
    """
    if scorecard.framework_sha256 != framework.sha256:
        raise ValueError("the scorecard was computed with a different framework")
    answers = _context_answers(framework, context)
    facts = _facts(scorecard, answers, regulated)
    path = _decide(facts)
    plan = PATHS[path.outcome]

    modifiers: list[Modifier] = []
    target_levels = _path_targets(scorecard, plan, path.outcome)
    forced: set[str] = set()
    pushed: set[str] = set()
    if facts["high_stakes"].holds:
        modifiers.append(_regulated(scorecard, facts["high_stakes"].because, target_levels))
        if scorecard.has_dimension(GOVERNANCE_DIMENSION):
            forced.add(GOVERNANCE_DIMENSION)
    constrained = answers.get("budget_compute") == "constrained"
    if constrained:
        modifiers.append(
            Modifier(
                "constrained_budget",
                True,
                "budget and compute are constrained: phases stretched "
                f"x{CONSTRAINED_BUDGET_STRETCH} and at most {MAX_PARALLEL_ITEMS_CONSTRAINED} "
                "dimensions worked on at once",
            )
        )
    team = answers.get("team_composition")
    if team in THIN_DATA_TEAMS:
        modifier = _thin_data_team(scorecard, team, path.outcome, target_levels)
        modifiers.append(modifier)
        if modifier.applied:
            pushed.add(COLLABORATION_DIMENSION)
    for key, value in _checked_overrides(framework, scorecard, targets).items():
        target_levels[key] = (value, "set for this assessment")
    _raise_prerequisite_targets(framework, scorecard, target_levels)

    gaps = _gaps(framework, scorecard, target_levels)
    forced |= _prerequisites_needing_work(framework, scorecard, forced, target_levels)
    phases, final = _roadmap(
        framework,
        scorecard,
        plan,
        gaps,
        {key: level for key, (level, _) in target_levels.items()},
        forced=forced,
        pushed=pushed,
        stretch=CONSTRAINED_BUDGET_STRETCH if constrained else 1.0,
        capacity=MAX_PARALLEL_ITEMS_CONSTRAINED if constrained else MAX_PARALLEL_ITEMS,
    )
    return Advice(
        framework_key=framework.key,
        framework_version=framework.version,
        path=path,
        modifiers=tuple(modifiers),
        targets=tuple(
            Target(d.key, *target_levels[d.key])
            for d in scorecard.dimensions
            if d.key in target_levels
        ),
        gaps=tuple(gaps),
        phases=phases,
        quick_wins=_quick_wins(framework, scorecard, phases),
        unfinished=tuple(
            gap.dimension for gap in gaps if (final[gap.dimension] or 0.0) < gap.target
        ),
    )


# -- decision path ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    holds: bool
    because: str


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


def _truncated(value: float) -> str:
    # truncation (not rounding) keeps "1.49 < 1.5" readable next to the threshold
    return f"{math.floor(value * 100) / 100:g}"


def _index_fact(name: str, index: float | None, threshold: float, below: bool) -> Fact:
    if index is None:
        return Fact(below, f"no {name} index yet (no answers): treated as 0")
    holds = index < threshold if below else index >= threshold
    relation = "<" if index < threshold else ">="
    return Fact(holds, f"{name} index {_truncated(index)} {relation} {threshold}")


def _said(choice_key: str) -> str:
    """A context answer as the rationale quotes it: "faster_delivery" reads "faster delivery"."""
    return choice_key.replace("_", " ")


def _facts(scorecard: Scorecard, answers: Mapping[str, str], regulated: bool) -> dict[str, Fact]:
    devops_area = scorecard.area("devops")
    mlops_area = scorecard.area("mlops")
    devops = devops_area.index if devops_area else None
    mlops = mlops_area.index if mlops_area else None
    stage = answers.get("ai_adoption_stage")
    objective = answers.get("business_objective")
    pilots = answers.get("pilots_reach_production")

    def inferred(question: str, threshold: float, meaning: str) -> Fact:
        if mlops is None:
            return Fact(False, f"no answer to {question} and no MLOps index to infer from")
        holds = mlops >= threshold
        relation = ">=" if holds else "<"
        verdict = "suggests" if holds else "does not suggest"
        return Fact(
            holds,
            f"no answer to {question}; MLOps index {_truncated(mlops)} {relation} {threshold} "
            f"{verdict} {meaning}",
        )

    if stage:
        stage_said = f"AI/ML adoption stage: {_said(stage)}"
        ml_in_production = Fact(stage in ML_LIVE_STAGES, stage_said)
        little_ai = Fact(stage in LITTLE_AI_STAGES, stage_said)
    else:
        ml_in_production = inferred(
            "ai_adoption_stage", ML_IN_PRODUCTION_INFERRED_FROM, "ML in production"
        )
        some_ml = inferred("ai_adoption_stage", ML_WORK_INFERRED_FROM, "ML work under way")
        little_ai = Fact(not some_ml.holds, some_ml.because)

    if objective:
        ai_is_strategic = Fact(
            objective in AI_OBJECTIVES, f"business objective: {_said(objective)}"
        )
    else:
        ai_is_strategic = Fact(
            False,
            "no answer to business_objective: AI is not assumed to be the differentiator "
            "(the scores cannot tell)",
        )

    if pilots:
        pilots_stall = Fact(pilots == "rarely", PILOT_PHRASES[pilots])
    elif mlops is None:
        pilots_stall = Fact(False, "no answer to pilots_reach_production and no MLOps index")
    else:
        stalls = mlops < PILOTS_STALL_INFERRED_BELOW
        pilots_stall = Fact(
            stalls,
            f"no answer to pilots_reach_production; MLOps index {_truncated(mlops)} "
            f"{'<' if stalls else '>='} {PILOTS_STALL_INFERRED_BELOW} "
            f"{'suggests' if stalls else 'does not suggest'} pilots would stall",
        )

    ml_ambition = _ml_ambition(stage, objective, pilots, inferred)
    return {
        "devops_immature": _index_fact("DevOps", devops, DEVOPS_IMMATURE_BELOW, below=True),
        "devops_not_mature": _index_fact("DevOps", devops, DEVOPS_MATURE_FROM, below=True),
        "devops_mature": _index_fact("DevOps", devops, DEVOPS_MATURE_FROM, below=False),
        "ml_in_production": ml_in_production,
        "ai_is_strategic": ai_is_strategic,
        "high_stakes": _high_stakes(answers, regulated),
        "little_or_no_ai": little_ai,
        "pilots_stall": pilots_stall,
        "ml_ambition": ml_ambition,
        "no_ml_ambition": Fact(not ml_ambition.holds, ml_ambition.because),
    }


def _ml_ambition(
    stage: str | None,
    objective: str | None,
    pilots: str | None,
    inferred: Callable[[str, float, str], Fact],
) -> Fact:
    evidence = []
    if stage and stage != "none":
        evidence.append(f"AI/ML adoption stage: {_said(stage)}")
    if objective in AI_OBJECTIVES:
        evidence.append(f"business objective: {_said(objective)}")
    if pilots and pilots != "no_pilots":
        evidence.append(PILOT_PHRASES[pilots])
    if evidence:
        return Fact(True, ", ".join(evidence))
    said = [f"AI/ML adoption stage: {_said(stage)}"] if stage else []
    said += [f"business objective: {_said(objective)}"] if objective else []
    said += [PILOT_PHRASES[pilots]] if pilots else []
    if said:
        return Fact(False, ", ".join(said))
    return inferred("ai_adoption_stage or business_objective", ML_WORK_INFERRED_FROM, "ML work")


def _high_stakes(answers: Mapping[str, str], regulated: bool) -> Fact:
    industry = answers.get("industry")
    compliance = answers.get("compliance_exposure")
    reasons = []
    if regulated:
        reasons.append("the organization is marked as regulated")
    if industry in HIGH_STAKES_INDUSTRIES:
        reasons.append(f"industry: {_said(industry)} (high stakes)")
    if compliance == "high":
        reasons.append("compliance exposure: high")
    if reasons:
        return Fact(True, ", ".join(reasons))
    known = [f"industry: {_said(industry)}"] if industry else []
    known += [f"compliance exposure: {_said(compliance)}"] if compliance else []
    return Fact(
        False, "not regulated (" + (", ".join(known) or "no industry or compliance answer") + ")"
    )


def _decide(facts: Mapping[str, Fact]) -> DecisionPath:
    evaluated = []
    for rule in RULES:
        fired = all(facts[name].holds for name in rule.conditions)
        rationale = "; ".join(facts[name].because for name in rule.conditions)
        evaluated.append(RuleEvaluation(rule.key, rule.outcome, rule.description, fired, rationale))
        if fired:
            plan = PATHS[rule.outcome]
            return DecisionPath(rule.outcome, plan.title, plan.summary, tuple(evaluated))
    raise AssertionError("RULES must end with a rule that always matches")


# -- modifiers and targets ----------------------------------------------------------------

TargetLevels = dict[str, tuple[float, str]]  # dimension key -> (target, why)


def _path_targets(scorecard: Scorecard, plan: PathPlan, outcome: str) -> TargetLevels:
    targets: TargetLevels = {}
    for dimension in scorecard.dimensions:
        level = plan.dimension_targets.get(dimension.key, plan.area_targets.get(dimension.area))
        if level is not None:
            targets[dimension.key] = (float(level), f"default for the {outcome} path")
    return targets


def _raise_target(targets: TargetLevels, key: str, level: float, why: str) -> None:
    if targets.get(key, (0.0, ""))[0] < level:
        targets[key] = (level, why)


def _regulated(scorecard: Scorecard, because: str, targets: TargetLevels) -> Modifier:
    if not scorecard.has_dimension(GOVERNANCE_DIMENSION):
        return Modifier(
            "regulated",
            True,
            f"{because}: governance and auditability (approvals, audit trail, lineage) belong "
            f"in phase 1; this bank has no {GOVERNANCE_DIMENSION} dimension, so plan them "
            "alongside this roadmap",
        )
    _raise_target(targets, GOVERNANCE_DIMENSION, REGULATED_GOVERNANCE_TARGET, "regulated setting")
    return Modifier(
        "regulated",
        True,
        f"{because}: governance and auditability are mandatory, so {GOVERNANCE_DIMENSION} is "
        f"targeted at {REGULATED_GOVERNANCE_TARGET} or more and starts in phase 1",
    )


def _thin_data_team(
    scorecard: Scorecard, team: str, outcome: str, targets: TargetLevels
) -> Modifier:
    said = f"team composition: {team}"
    if outcome == "devops_foundation":
        return Modifier("thin_data_team", False, f"{said}; no MLOps program on this path yet")
    if not scorecard.has_dimension(COLLABORATION_DIMENSION):
        return Modifier(
            "thin_data_team", False, f"{said}; this bank has no {COLLABORATION_DIMENSION} dimension"
        )
    _raise_target(targets, COLLABORATION_DIMENSION, COLLABORATION_TARGET, said)
    return Modifier(
        "thin_data_team",
        True,
        f"{said}: models need engineering and operations partners, so "
        f"{COLLABORATION_DIMENSION} and the practices it builds on come first",
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
        if scorecard.has_dimension(key):
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
                    f"{dimension.key} builds on it",
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
    """The prerequisites (transitively) of `keys` that are below their target."""
    found: set[str] = set()
    stack = sorted(keys)
    while stack:
        for prerequisite in framework.dimension(stack.pop()).prerequisites:
            key = prerequisite.dimension
            if key in found or not scorecard.has_dimension(key):
                continue
            if (scorecard.dimension(key).raw or 0.0) < targets.get(key, (0.0, ""))[0]:
                found.add(key)
                stack.append(key)
    return found


# -- roadmap ------------------------------------------------------------------------------


def _roadmap(
    framework: Framework,
    scorecard: Scorecard,
    plan: PathPlan,
    gaps: list[Gap],
    targets: Mapping[str, float],
    *,
    forced: set[str],
    pushed: set[str],
    stretch: float,
    capacity: int,
) -> tuple[tuple[Phase, ...], dict[str, float | None]]:
    """Schedule the gaps phase by phase, projecting gated scores as work completes.

    `forced` dimensions start in phase 1 and continue in every phase until they
    reach their target, whatever the phase's areas or capacity;
    `pushed` ones come first among the work a phase allows. Returns the phases
    and the projected gated scores after the last one.
    """
    # every prerequisite that still has a gap goes first here: a dimension may not
    # start before any of them, so they inherit its urgency
    order = _prerequisites_first(
        framework,
        gaps,
        lambda gap: (
            gap.dimension not in forced,
            gap.dimension not in pushed,
            -gap.priority,
            gap.dimension,
        ),
        lambda dimension: dimension.prerequisites,
    )
    in_scope = [d for d in framework.dependency_order if scorecard.has_dimension(d.key)]
    raw: dict[str, float | None] = {d.key: scorecard.dimension(d.key).raw for d in in_scope}
    gated: dict[str, float | None] = {d.key: scorecard.dimension(d.key).gated for d in in_scope}
    started: dict[str, int] = {}
    phases = []
    for number, phase_plan in enumerate(plan.phases, start=1):
        start_month = math.ceil(phase_plan.start_month * stretch)
        end_month = math.ceil(phase_plan.end_month * stretch)
        needs_work = {k for k, level in targets.items() if (raw.get(k) or 0.0) < level}
        selected = _select(
            framework, order, needs_work, started, gated, phase_plan, number, forced, capacity
        )
        # work raises a dimension's own practices (raw); its gated score follows as far
        # as its prerequisites' projected scores allow
        new_raw = dict(raw)
        for key in selected:
            new_raw[key] = float(
                min(targets[key], math.floor(raw[key] or 0.0) + phase_plan.max_rise)
            )
            started.setdefault(key, number)
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
                ),
                start_month=start_month,
                end_month=end_month,
            )
            for gap in order
            if gap.dimension in selected
        ]
        raw, gated = new_raw, new_gated
        phases.append(
            Phase(
                number=number,
                title=phase_plan.title,
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
    number: int,
    forced: set[str],
    capacity: int,
) -> set[str]:
    """The dimensions to work on in this phase, most urgent first, within its capacity.

    A dimension waits while one of its prerequisites needs work that has not
    started (earlier, or earlier in this selection). Unless regulation forces it
    into the roadmap, it also waits while a prerequisite is, when the phase starts,
    more than one level below the level it builds on, or one level below and
    not worked on in this phase: the same "at most one level ahead of an unmet
    foundation" that gating allows, so no place goes to work it could not use.
    """
    selected: set[str] = set()
    regular = 0
    for gap in order:
        key = gap.dimension
        dimension = framework.dimension(key)
        if key not in needs_work or any(
            p.dimension in needs_work and p.dimension not in started and p.dimension not in selected
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
        elif gap.area in phase_plan.areas and regular < capacity:
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
    framework: Framework, score: DimensionScore, start: float, target: float
) -> tuple[NextStep, ...]:
    """The bank's next step for the weakest questions still below the phase target.

    A question is assumed to be at least at the dimension's whole level when the
    phase starts; answered questions come before unknown ones at the same level.
    """
    floor_level = math.floor(start)
    candidates = []
    for position, (question, result) in enumerate(
        zip(framework.questions_of(score.key), score.questions, strict=True)
    ):
        if result.state == "na":
            continue
        level = max(result.level or 0, floor_level)
        if level < target:
            candidates.append(
                ((level, result.state != "answered", -question.weight, position), question, level)
            )
    candidates.sort(key=lambda candidate: candidate[0])
    return tuple(
        NextStep(question.key, question.text, level, question.levels[level].next_step)
        for _, question, level in candidates[:MAX_NEXT_STEPS]
    )


def _quick_wins(
    framework: Framework, scorecard: Scorecard, phases: tuple[Phase, ...]
) -> tuple[QuickWin, ...]:
    """Questions at level 0 in the first phase's dimensions: the first step is the cheapest.

    Ranked by the weight the question carries in its area index.
    """
    wins = []
    for item in phases[0].items:
        score = scorecard.dimension(item.dimension)
        for question, result in zip(
            framework.questions_of(item.dimension), score.questions, strict=True
        ):
            if result.state == "answered" and result.level == 0:
                impact = score.weight * question.weight / score.total_weight
                wins.append((-impact, question.key, question, item.dimension))
    wins.sort(key=lambda win: (win[0], win[1]))
    return tuple(
        QuickWin(question.key, question.text, dimension, 0, question.levels[0].next_step)
        for _, _, question, dimension in wins[:MAX_QUICK_WINS]
    )
