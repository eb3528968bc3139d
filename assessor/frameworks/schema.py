"""The parsed, immutable form of a question bank (see FORMAT.md).

Only the validator builds these objects, so every invariant of FORMAT.md holds
here and the scoring code never re-checks it. Scoring is the hot path: the
lookups it needs are computed once, when the Framework is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from assessor.frameworks.roles import Roles

SCORED_AREAS = ("devops", "mlops")
AREA_KEYS = (*SCORED_AREAS, "context")
MAX_LEVEL = 4
# A practice dimension is scored into its area's index, gaps and roadmap; a
# profile dimension is answered like the others but only describes (v2: the
# DORA delivery-performance keys).
DIMENSION_KINDS = ("practice", "profile")


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    text: str
    next_step: str


@dataclass(frozen=True, slots=True)
class NaCondition:
    """The question is N/A by default when context question `context` is answered
    with one of `choices`."""

    context: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    dimension: str
    text: str
    help: str
    weight: float
    levels: tuple[Level, ...]
    na_when: tuple[NaCondition, ...] = ()
    # When N/A is a legitimate answer ("" when the bank does not say).
    na_guidance: str = ""


@dataclass(frozen=True, slots=True)
class Prerequisite:
    dimension: str
    min_level: int


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    area: str
    title: str
    description: str
    weight: float
    prerequisites: tuple[Prerequisite, ...]
    questions: tuple[Question, ...]
    kind: str = "practice"

    @property
    def is_profile(self) -> bool:
        return self.kind == "profile"


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class ContextQuestion:
    key: str
    text: str
    help: str
    choices: tuple[Choice, ...]

    @property
    def choice_keys(self) -> tuple[str, ...]:
        return tuple(choice.key for choice in self.choices)


@dataclass(frozen=True, slots=True)
class Area:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class Framework:
    """A validated question bank.

    `document` is the plain dict the bank was parsed from and `sha256` its
    canonical fingerprint; two Frameworks are equal when their fingerprints are.
    """

    key: str
    version: int
    title: str
    description: str
    areas: tuple[Area, ...]
    dimensions: tuple[Dimension, ...]
    context_questions: tuple[ContextQuestion, ...]
    document: dict[str, Any] = field(compare=False, repr=False)
    sha256: str
    # How a workshop picks a level ("" when the bank does not say).
    scoring_rule: str = field(default="", compare=False)
    # The roles the bank declares; None for a bank without `roles` (the advice
    # then uses roles.implied_roles, FORMAT.md "Roles").
    roles: Roles | None = field(default=None, compare=False)
    # The language of the texts: "en" for the bank as written, another code
    # for the bank under a translation (translation.py). Keys, weights,
    # structure and `sha256` are the bank's either way, so scores never
    # depend on it.
    language: str = field(default="en", compare=False)
    # Dimensions ordered so that every prerequisite comes before its dependants
    # (declaration order otherwise): gating and the roadmap walk this order.
    dependency_order: tuple[Dimension, ...] = field(init=False, compare=False, repr=False)
    _dimensions: MappingProxyType[str, Dimension] = field(init=False, compare=False, repr=False)
    _questions: MappingProxyType[str, Question] = field(init=False, compare=False, repr=False)
    _context: MappingProxyType[str, ContextQuestion] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        dimensions = {dimension.key: dimension for dimension in self.dimensions}
        questions = {q.key: q for dimension in self.dimensions for q in dimension.questions}
        context = {question.key: question for question in self.context_questions}
        object.__setattr__(self, "_dimensions", MappingProxyType(dimensions))
        object.__setattr__(self, "_questions", MappingProxyType(questions))
        object.__setattr__(self, "_context", MappingProxyType(context))
        object.__setattr__(self, "dependency_order", _dependency_order(self.dimensions))

    def dimension(self, key: str) -> Dimension:
        return self._dimensions[key]

    def has_dimension(self, key: str) -> bool:
        return key in self._dimensions

    def question(self, key: str) -> Question:
        """A scored question by key (context questions: `context_question`)."""
        return self._questions[key]

    def has_question(self, key: str) -> bool:
        """Whether `key` is a scored question (context questions: has_context_question)."""
        return key in self._questions

    def context_question(self, key: str) -> ContextQuestion:
        return self._context[key]

    def has_context_question(self, key: str) -> bool:
        return key in self._context

    def questions_of(self, dimension_key: str) -> tuple[Question, ...]:
        return self._dimensions[dimension_key].questions

    def dimensions_in(self, area: str) -> tuple[Dimension, ...]:
        return tuple(dimension for dimension in self.dimensions if dimension.area == area)

    @property
    def practice_dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions scored into indices, gaps and the roadmap (not profiles)."""
        return tuple(dimension for dimension in self.dimensions if not dimension.is_profile)

    @property
    def profile_dimensions(self) -> tuple[Dimension, ...]:
        return tuple(dimension for dimension in self.dimensions if dimension.is_profile)

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(self._questions.values())


def _dependency_order(dimensions: tuple[Dimension, ...]) -> tuple[Dimension, ...]:
    """Stable topological order; the validator has already rejected cycles."""
    placed: dict[str, Dimension] = {}
    by_key = {dimension.key: dimension for dimension in dimensions}

    def place(dimension: Dimension) -> None:
        if dimension.key in placed:
            return
        for prerequisite in dimension.prerequisites:
            place(by_key[prerequisite.dimension])
        placed[dimension.key] = dimension

    for dimension in dimensions:
        place(dimension)
    return tuple(placed.values())
