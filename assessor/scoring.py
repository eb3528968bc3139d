"""Scoring: (framework, answers) -> Scorecard. Pure: no Django, no I/O, no clock.

The method, as a client would read it:

- Every question is answered with a level from 0 to 4 (what the team does
  today), "N/A" (with a note saying why it does not apply) or "don't know".
- A dimension's score is the weighted mean of its answered levels. N/A,
  "don't know" and unanswered questions are left out of the score; they are
  not counted as zero.
- Confidence is the answered share of the questions that apply:
  answered weight / (total weight - N/A weight). "Don't know" and unanswered
  questions lower it; N/A does not.
- Evidence that has aged out: an answer can name the date its evidence is
  valid until. Once that date has passed (scored "as of" a given day), the
  answer still scores its level but counts only half towards confidence
  (EXPIRED_EVIDENCE_TRUST): the level was true when checked, nobody has
  checked since. Without an "as of" day nothing expires, so the scores of a
  stored assessment stay reproducible.
- Gating: some practices only work on top of others (continuous retraining
  needs CI/CD). When a prerequisite scores below the level the dimension
  requires, the dimension is capped at the prerequisite's score + 1: you can
  be at most one level ahead of an unmet foundation. A prerequisite with no
  answers counts as 0 (cap 1). Caps are applied in dependency order, so they
  propagate down chains. Both the raw and the gated score are reported, with
  the reason for every cap.
- An area index (DevOps, MLOps) is the dimension-weighted mean of the gated
  scores of its practice dimensions that have answers; its confidence weighs
  every question by its share of its dimension's weight. A `profile` dimension
  (the DORA delivery keys of bank v2) is scored and shown like the others but
  left out of the index: it describes outcomes, it is not a practice.

Scores keep full precision internally (rounded to 9 decimals to shed float
noise, so that e.g. all answers at 2 give exactly 2) and are exposed rounded
to one decimal and as a percentage of the maximum level 4.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from assessor.brain.i18n import _, decimal, gettext_noop
from assessor.frameworks import Dimension, Framework, Prerequisite
from assessor.frameworks.schema import MAX_LEVEL, SCORED_AREAS

AnswerState = Literal["answered", "na", "unknown"]
ANSWER_STATES: tuple[str, ...] = ("answered", "na", "unknown")
# label of a score = label of its whole level
# (English msgids: maturity_label translates them)
MATURITY_LABELS = (
    gettext_noop("Initial"),
    gettext_noop("Emerging"),
    gettext_noop("Defined"),
    gettext_noop("Managed"),
    gettext_noop("Optimizing"),
)
_PRECISION = 9
# How much an answered question whose evidence has expired still counts
# towards confidence (1 = fully, 0 = like "don't know").
EXPIRED_EVIDENCE_TRUST = 0.5


@dataclass(frozen=True, slots=True)
class AnswerInput:
    state: AnswerState
    level: int | None = None
    note: str = ""
    # The last day the answer's evidence is valid; None = it does not age.
    evidence_valid_until: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.state not in ANSWER_STATES:
            raise ValueError(f"answer state must be answered, na or unknown, got {self.state!r}")
        if not isinstance(self.note, str):
            raise ValueError("an answer's note must be a string")
        if self.state == "answered":
            if (
                not isinstance(self.level, int)
                or isinstance(self.level, bool)
                or not 0 <= self.level <= MAX_LEVEL
            ):
                raise ValueError(
                    f"an answered question needs a level from 0 to 4, got {self.level!r}"
                )
        elif self.level is not None:
            raise ValueError(f"a {self.state!r} answer carries no level, got {self.level!r}")
        if self.state == "na" and not self.note.strip():
            raise ValueError("an N/A answer needs a note saying why the question does not apply")
        if self.evidence_valid_until is not None and not isinstance(
            self.evidence_valid_until, datetime.date
        ):
            raise ValueError("evidence_valid_until must be a date or None")

    def evidence_expired(self, today: datetime.date | None) -> bool:
        """Whether this answer's level rests on evidence past its valid-until day."""
        return (
            self.state == "answered"
            and today is not None
            and self.evidence_valid_until is not None
            and self.evidence_valid_until < today
        )


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One line of "why this score"."""

    key: str
    state: Literal["answered", "na", "unknown", "unanswered"]
    level: int | None
    weight: float
    # weight * level / answered weight: the contributions of a dimension sum to its raw score
    contribution: float | None
    excluded_because: str | None
    # Answered on evidence past its valid-until day: counts half towards confidence.
    evidence_expired: bool = False


@dataclass(frozen=True, slots=True)
class GatingReason:
    prerequisite: str
    prerequisite_score: float | None  # gated; None = no answers, counts as 0
    min_level: int
    cap: float
    lowered: bool  # whether the cap is below the raw score, i.e. actually cost points
    explanation: str


@dataclass(frozen=True, slots=True)
class DimensionScore:
    key: str
    title: str
    area: str
    weight: float
    raw: float | None
    gated: float | None
    score: float | None  # gated, one decimal
    raw_score: float | None  # raw, one decimal
    percent: int | None  # gated
    label: str | None  # of the gated score
    confidence: float | None  # None when every question is N/A
    total_weight: float
    answered_weight: float
    na_weight: float
    gating: tuple[GatingReason, ...]
    questions: tuple[QuestionResult, ...]
    # "profile" dimensions (the DORA delivery keys) are shown, never averaged into an index
    kind: str = "practice"
    # Answered weight whose evidence has expired (part of answered_weight).
    expired_weight: float = 0.0

    @property
    def trusted_weight(self) -> float:
        """The answered weight as confidence counts it: expired evidence at a discount."""
        return self.answered_weight - (1 - EXPIRED_EVIDENCE_TRUST) * self.expired_weight

    @property
    def expired_evidence(self) -> tuple[str, ...]:
        """Keys of the questions answered on expired evidence."""
        return tuple(q.key for q in self.questions if q.evidence_expired)

    @property
    def is_practice(self) -> bool:
        return self.kind == "practice"

    @property
    def excluded(self) -> tuple[QuestionResult, ...]:
        return tuple(q for q in self.questions if q.excluded_because is not None)


@dataclass(frozen=True, slots=True)
class AreaScore:
    key: str
    title: str
    index: float | None  # weighted mean of gated dimension scores
    raw_index: float | None
    score: float | None
    percent: int | None
    label: str | None
    confidence: float | None
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class Scorecard:
    framework_key: str
    framework_version: int
    framework_sha256: str
    areas: tuple[AreaScore, ...]
    dimensions: tuple[DimensionScore, ...]
    _by_key: dict[str, DimensionScore] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {d.key: d for d in self.dimensions})

    def dimension(self, key: str) -> DimensionScore:
        return self._by_key[key]

    def has_dimension(self, key: str) -> bool:
        return key in self._by_key

    def area(self, key: str) -> AreaScore | None:
        return next((area for area in self.areas if area.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


def score(
    framework: Framework,
    answers: Mapping[str, AnswerInput],
    *,
    areas: Iterable[str] = SCORED_AREAS,
    today: datetime.date | None = None,
) -> Scorecard:
    """Score the answers (keyed by question key) for the dimensions of `areas`.

    Answers to keys that are not scored questions of the framework are ignored.
    A prerequisite outside `areas` was not assessed, so it does not gate.
    `today` is the day evidence ages against (None: evidence never expires);
    the caller passes it, the brain never reads a clock.
    """
    scope = tuple(areas)
    unknown_areas = [area for area in scope if area not in SCORED_AREAS]
    if not scope or unknown_areas:
        raise ValueError(f"areas must be a non-empty selection of devops, mlops; got {scope!r}")
    gated: dict[str, float | None] = {}
    scored: dict[str, DimensionScore] = {}
    for dimension in framework.dependency_order:
        if dimension.area in scope:
            scored[dimension.key] = _score_dimension(framework, dimension, answers, gated, today)
            gated[dimension.key] = scored[dimension.key].gated
    dimensions = tuple(scored[d.key] for d in framework.dimensions if d.key in scored)
    return Scorecard(
        framework_key=framework.key,
        framework_version=framework.version,
        framework_sha256=framework.sha256,
        areas=tuple(
            _score_area(area.key, area.title, dimensions)
            for area in framework.areas
            if area.key in scope
        ),
        dimensions=dimensions,
    )


def maturity_label(value: float | None) -> str | None:
    return None if value is None else _(MATURITY_LABELS[math.floor(value)])


def one_decimal(value: float | None) -> float | None:
    return None if value is None else math.floor(value * 10 + 0.5) / 10


def percent_of_max(value: float | None) -> int | None:
    return None if value is None else math.floor(value / MAX_LEVEL * 100 + 0.5)


def to_plain(value: Any) -> Any:
    """Dataclasses and tuples as JSON-ready dicts and lists (private fields left out)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name))
            for f in fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    return value


def _score_dimension(
    framework: Framework,
    dimension: Dimension,
    answers: Mapping[str, AnswerInput],
    gated_so_far: dict[str, float | None],
    today: datetime.date | None = None,
) -> DimensionScore:
    total_weight = answered_weight = na_weight = weighted_levels = expired_weight = 0.0
    for question in dimension.questions:
        answer = answers.get(question.key)
        total_weight += question.weight
        if answer is None:
            continue
        if answer.state == "answered":
            answered_weight += question.weight
            weighted_levels += question.weight * answer.level  # type: ignore[operator]
            if answer.evidence_expired(today):
                expired_weight += question.weight
        elif answer.state == "na":
            na_weight += question.weight
    raw = round(weighted_levels / answered_weight, _PRECISION) if answered_weight else None
    applicable_weight = total_weight - na_weight
    trusted_weight = answered_weight - (1 - EXPIRED_EVIDENCE_TRUST) * expired_weight
    confidence = min(1.0, trusted_weight / applicable_weight) if applicable_weight > 0 else None
    gated, gating = _gate(framework, dimension, raw, gated_so_far)
    return DimensionScore(
        key=dimension.key,
        title=dimension.title,
        area=dimension.area,
        weight=dimension.weight,
        raw=raw,
        gated=gated,
        score=one_decimal(gated),
        raw_score=one_decimal(raw),
        percent=percent_of_max(gated),
        label=maturity_label(gated),
        confidence=confidence,
        total_weight=total_weight,
        answered_weight=answered_weight,
        na_weight=na_weight,
        gating=gating,
        questions=tuple(
            _question_result(
                question.key, question.weight, answers.get(question.key), answered_weight, today
            )
            for question in dimension.questions
        ),
        kind=dimension.kind,
        expired_weight=expired_weight,
    )


def _question_result(
    key: str,
    weight: float,
    answer: AnswerInput | None,
    answered_weight: float,
    today: datetime.date | None,
) -> QuestionResult:
    if answer is None:
        return QuestionResult(key, "unanswered", None, weight, None, _("not answered yet"))
    if answer.state == "na":
        why = _("not applicable: %(note)s") % {"note": answer.note.strip()}
        return QuestionResult(key, "na", None, weight, None, why)
    if answer.state == "unknown":
        return QuestionResult(key, "unknown", None, weight, None, _("don't know"))
    contribution = weight * answer.level / answered_weight  # type: ignore[operator]
    return QuestionResult(
        key,
        "answered",
        answer.level,
        weight,
        contribution,
        None,
        evidence_expired=answer.evidence_expired(today),
    )


def unmet_prerequisites(
    dimension: Dimension, gated_scores: Mapping[str, float | None]
) -> Iterator[tuple[Prerequisite, float | None, float]]:
    """(prerequisite, its gated score, the cap it imposes) for each unmet prerequisite.

    Only prerequisites present in `gated_scores` count: one outside the scored
    areas was not assessed, so it cannot gate.
    """
    for prerequisite in dimension.prerequisites:
        if prerequisite.dimension not in gated_scores:
            continue
        prerequisite_score = gated_scores[prerequisite.dimension]
        if prerequisite_score is None or prerequisite_score < prerequisite.min_level:
            yield prerequisite, prerequisite_score, (prerequisite_score or 0.0) + 1


def _gate(
    framework: Framework,
    dimension: Dimension,
    raw: float | None,
    gated_so_far: dict[str, float | None],
) -> tuple[float | None, tuple[GatingReason, ...]]:
    """Cap `raw` at (score + 1) of every unmet prerequisite; say why."""
    reasons = []
    gated = raw
    for prerequisite, prerequisite_score, cap in unmet_prerequisites(dimension, gated_so_far):
        title = framework.dimension(prerequisite.dimension).title
        facts = {
            "title": title,
            "level": prerequisite.min_level,
            "cap": decimal(one_decimal(cap), 1),  # type: ignore[arg-type]
        }
        explanation = (
            _(
                "%(title)s scores %(score)s, below the level %(level)s this practice builds on: "
                "capped at %(cap)s"
            )
            % {**facts, "score": decimal(one_decimal(prerequisite_score), 1)}  # type: ignore[arg-type]
            if prerequisite_score is not None
            else _(
                "%(title)s has no answers (counts as 0), below the level %(level)s this practice "
                "builds on: capped at %(cap)s"
            )
            % facts
        )
        reasons.append(
            GatingReason(
                prerequisite=prerequisite.dimension,
                prerequisite_score=prerequisite_score,
                min_level=prerequisite.min_level,
                cap=cap,
                lowered=raw is not None and cap < raw,
                explanation=explanation,
            )
        )
        if gated is not None:
            gated = min(gated, cap)
    return gated, tuple(reasons)


def _score_area(key: str, title: str, dimensions: tuple[DimensionScore, ...]) -> AreaScore:
    members = [d for d in dimensions if d.area == key and d.is_practice]
    scored = [d for d in members if d.gated is not None]
    scored_weight = sum(d.weight for d in scored)
    index = raw_index = None
    if scored:
        index = round(sum(d.weight * d.gated for d in scored) / scored_weight, _PRECISION)  # type: ignore[operator]
        raw_index = round(sum(d.weight * d.raw for d in scored) / scored_weight, _PRECISION)  # type: ignore[operator]
    # each question weighs its share of its dimension's weight
    answered = sum(d.weight * d.trusted_weight / d.total_weight for d in members)
    applicable = sum(d.weight * (d.total_weight - d.na_weight) / d.total_weight for d in members)
    return AreaScore(
        key=key,
        title=title,
        index=index,
        raw_index=raw_index,
        score=one_decimal(index),
        percent=percent_of_max(index),
        label=maturity_label(index),
        confidence=min(1.0, answered / applicable) if applicable > 0 else None,
        dimensions=tuple(d.key for d in members),
    )
