"""How answers and questions become words, and the rules an answer obeys.

One home for each small idea that pages, the PDF, CSV and JSON exports,
imports and the workshop all need: "which question is this key" (context or
scored), an answer's label ("Level 3", "N/A", "Don’t know", a context
choice's label), and what makes an answer valid (N/A needs a note, a level
lies within the scale). Everything here reads the parsed framework, so a new
bank version's labels work without code changes. Models and templates call
these; nothing else spells an answer out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assessor.advice import PATHS, Advice
from assessor.frameworks.schema import MAX_LEVEL, ContextQuestion, Framework, Question

ANSWERED, NA, UNKNOWN, UNANSWERED = "answered", "na", "unknown", "unanswered"
STATES = (ANSWERED, NA, UNKNOWN, UNANSWERED)
# The words for the states that carry no level or choice.
STATE_LABELS = {NA: "N/A", UNKNOWN: "Don’t know", UNANSWERED: "Not answered"}
CONTEXT_STEP = "context"


def state_label(state: str) -> str:
    """The state alone ("Answered", "N/A", …), for an export's state column."""
    return "Answered" if state == ANSWERED else STATE_LABELS.get(state, STATE_LABELS[UNANSWERED])


def level_label(level: int) -> str:
    return f"Level {level}"


@dataclass(frozen=True)
class QuestionRef:
    """Any question of a bank, context or scored, found by key."""

    key: str
    text: str
    is_context: bool
    # The wizard step it sits on: "context" or its dimension's key.
    step: str
    # "Context" or the dimension's title, for exports and lists.
    section: str
    question: Question | ContextQuestion

    @property
    def choices(self) -> dict[str, str]:
        """Choice key -> label (context questions; empty for scored ones)."""
        if not self.is_context:
            return {}
        return {choice.key: choice.label for choice in self.question.choices}


def find_question(framework: Framework, key: str) -> QuestionRef | None:
    """The question `key` names in `framework`, or None when it has none."""
    if framework.has_context_question(key):
        question = framework.context_question(key)
        return QuestionRef(key, question.text, True, CONTEXT_STEP, "Context", question)
    try:
        question = framework.question(key)
    except KeyError:
        return None
    title = framework.dimension(question.dimension).title
    return QuestionRef(key, question.text, False, question.dimension, title, question)


def question(framework: Framework, key: str) -> QuestionRef:
    """Like find_question, for keys known to exist (KeyError otherwise)."""
    ref = find_question(framework, key)
    if ref is None:
        raise KeyError(key)
    return ref


def answer_label(
    framework: Framework, key: str, state: str, level: int | None, choice: str = ""
) -> str:
    """An answer in words, the same on every page and in every document."""
    if state == ANSWERED and choice:
        ref = find_question(framework, key)
        return ref.choices.get(choice, choice) if ref else choice
    return level_or_state_label(state, level)


def level_or_state_label(state: str, level: int | None) -> str:
    """A scored answer in words: "Level 3", "N/A", "Don’t know" or "Not answered"."""
    if state == ANSWERED and level is not None:
        return level_label(level)
    return STATE_LABELS.get(state, STATE_LABELS[UNANSWERED])


def is_answered(state: str) -> bool:
    """Whether an answer counts towards progress (N/A and "don’t know" do)."""
    return state != UNANSWERED


# -- The rules an answer obeys ------------------------------------------------------------

NA_NEEDS_NOTE = "N/A needs a note saying why this question does not apply."


def level_range_problem(level: object) -> str | None:
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
        return f"Choose a level from 0 to {MAX_LEVEL}."
    return None


def parse_value(ref: QuestionRef, value: str) -> tuple[str, int | None, str] | None:
    """A form value ("3", "na", "unknown", a choice key or "") as (state,
    level, choice); None when the question has no such answer. The inverse
    of `Answer.value`."""
    if not value:
        return UNANSWERED, None, ""
    if ref.is_context:
        if value == UNKNOWN:  # context questions take "don't know" too
            return UNKNOWN, None, ""
        return (ANSWERED, None, value) if value in ref.choices else None
    if value in (NA, UNKNOWN):
        return value, None, ""
    if value.isdigit() and int(value) <= MAX_LEVEL:
        return ANSWERED, int(value), ""
    return None


def answer_problems(
    framework: Framework, key: str, state: str, level: int | None, choice: str, note: str
) -> dict[str, str]:
    """What is wrong with an answer, by field ("state", "level", "choice", "note").

    Empty when the answer may be stored. The form, the JSON import and the
    workshop's consensus all apply these same rules.
    """
    ref = find_question(framework, key)
    if ref is None:
        return {"question": f"There is no question “{key[:80]}” in this bank."}
    problems: dict[str, str] = {}
    if ref.is_context:
        if state not in (ANSWERED, UNKNOWN, UNANSWERED):
            problems["state"] = (
                "A context question is answered with one of its choices, or “don’t know”."
            )
        if level is not None:
            problems["level"] = "A context question has no level; give a choice."
        if state == ANSWERED and choice not in ref.choices:
            problems["choice"] = f"Pick one of: {', '.join(ref.choices.values())}."
        if state != ANSWERED and choice:
            problems["choice"] = "Only an answered question has a choice."
        return problems
    if state not in STATES:
        problems["state"] = f"Choose a level from 0 to {MAX_LEVEL}, N/A or “don’t know”."
        return problems
    if choice:
        problems["choice"] = "Only context questions have a choice; give a level."
    if state == ANSWERED:
        problem = level_range_problem(level)
        if problem:
            problems["level"] = problem
    elif level is not None:
        problems["level"] = "Only an answered question has a level."
    if state == NA and not note.strip():
        problems["note"] = NA_NEEDS_NOTE
    return problems


# -- The brain's sentences in the client's words ------------------------------------------

_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# "industry: retail", "AI/ML adoption stage: production": a context answer
# quoted after the name of its question.
_QUOTED_ANSWER = re.compile(r"(?P<name>[A-Za-z/ ]+): (?P<said>[a-z0-9 ]+?)(?=[;,.)]|:| \(|$)")


def client_words(framework: Framework, text: str, names: dict[str, str] | None = None) -> str:
    """A rationale from the brain (which reasons in keys) in the bank's words.

    Dimension keys become their titles, context question keys their question,
    choice keys (raw, or spelled with spaces after the question's name) their
    labels; `names` adds other keys, such as the paths' titles. Reading every
    label from the parsed framework means a new bank version needs no change
    here.
    """
    return _Wording(framework, names or {}).say(text)


class _Wording:
    """The lookups client_words needs, built once for many sentences."""

    def __init__(self, framework: Framework, names: dict[str, str]) -> None:
        self.framework = framework
        words = dict(names)
        words.update({d.key: d.title for d in framework.dimensions})
        for q in framework.context_questions:
            words[q.key] = f"“{q.text.rstrip('?')}”"
            for choice in q.choices:
                words.setdefault(choice.key, choice.label)
        self.words = words
        self.said: dict[str, str] = {}

    def _quoted(self, match: re.Match) -> str:
        name, said = match["name"], match["said"]
        last = name.strip().split(" ")[-1].lower()
        for q in self.framework.context_questions:
            if last in q.key.split("_"):
                for choice in q.choices:
                    if choice.key.replace("_", " ") == said:
                        return f"{name}: {choice.label}"
        return match[0]

    def say(self, text: str) -> str:
        said = self.said.get(text)
        if said is None:
            said = _QUOTED_ANSWER.sub(self._quoted, text)
            said = _IDENTIFIER.sub(lambda m: self.words.get(m[0], m[0]), said)
            if len(self.said) < 5000:  # bounded: index values make sentences vary
                self.said[text] = said
        return said


# One wording per bank version (its fingerprint); the same sentences recur on
# every answer save, so each is reworded once.
_ADVICE_WORDINGS: dict[str, _Wording] = {}


def advice_in_client_words(framework: Framework, advice: Advice) -> Advice:
    """The advice with every rationale and target reason in the bank's words."""
    wording = _ADVICE_WORDINGS.get(framework.sha256)
    if wording is None:
        paths = {key: f"“{plan.title}”" for key, plan in PATHS.items()}
        wording = _ADVICE_WORDINGS[framework.sha256] = _Wording(framework, paths)
    words = wording.say
    path = replace(
        advice.path,
        rules=tuple(replace(r, rationale=words(r.rationale)) for r in advice.path.rules),
    )
    return replace(
        advice,
        path=path,
        modifiers=tuple(replace(m, rationale=words(m.rationale)) for m in advice.modifiers),
        targets=tuple(replace(t, source=words(t.source)) for t in advice.targets),
    )
