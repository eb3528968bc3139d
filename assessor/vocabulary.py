"""How answers and questions become words, and the rules an answer obeys.

One home for each small idea that pages, the PDF, CSV and JSON exports,
imports and the workshop all need: "which question is this key" (context or
scored), an answer's label ("Level 3", "N/A", "Don’t know", a context
choice's label), and what makes an answer valid (N/A needs a note, a level
lies within the scale). Everything here reads the parsed framework, so a new
bank version's labels work without code changes. Models and templates call
these; nothing else spells an answer out.

Every word here is an English msgid translated through the brain's translator
(assessor/brain/i18n.py) at the moment it is asked for, so it follows the
active language. The brain's own sentences quote the bank's labels directly
(advice._Said), so no rewording pass over its English is needed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from assessor.brain.i18n import _, gettext_noop
from assessor.frameworks.schema import MAX_LEVEL, ContextQuestion, Framework, Question

ANSWERED, NA, UNKNOWN, UNANSWERED = "answered", "na", "unknown", "unanswered"
STATES = (ANSWERED, NA, UNKNOWN, UNANSWERED)


class _Translated(Mapping[str, str]):
    """A table of English msgids whose values read in the active language."""

    def __init__(self, msgids: dict[str, str]) -> None:
        self._msgids = msgids

    def __getitem__(self, key: str) -> str:
        return _(self._msgids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._msgids)

    def __len__(self) -> int:
        return len(self._msgids)


# The words for the states that carry no level or choice.
STATE_LABELS: Mapping[str, str] = _Translated(
    {
        NA: gettext_noop("N/A"),
        UNKNOWN: gettext_noop("Don’t know"),
        UNANSWERED: gettext_noop("Not answered"),
    }
)
CONTEXT_STEP = "context"


def state_label(state: str) -> str:
    """The state alone ("Answered", "N/A", …), for an export's state column."""
    if state == ANSWERED:
        return _("Answered")
    return STATE_LABELS.get(state, STATE_LABELS[UNANSWERED])


def level_label(level: int) -> str:
    return _("Level %(level)s") % {"level": level}


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
        return QuestionRef(key, question.text, True, CONTEXT_STEP, _("Context"), question)
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

NA_NEEDS_NOTE = gettext_noop("N/A needs a note saying why this question does not apply.")


def level_range_problem(level: object) -> str | None:
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
        return _("Choose a level from 0 to %(max)s.") % {"max": MAX_LEVEL}
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
        return {"question": _("There is no question “%(key)s” in this bank.") % {"key": key[:80]}}
    problems: dict[str, str] = {}
    if ref.is_context:
        if state not in (ANSWERED, UNKNOWN, UNANSWERED):
            problems["state"] = _(
                "A context question is answered with one of its choices, or “don’t know”."
            )
        if level is not None:
            problems["level"] = _("A context question has no level; give a choice.")
        if state == ANSWERED and choice not in ref.choices:
            problems["choice"] = _("Pick one of: %(choices)s.") % {
                "choices": ", ".join(ref.choices.values())
            }
        if state != ANSWERED and choice:
            problems["choice"] = _("Only an answered question has a choice.")
        return problems
    if state not in STATES:
        problems["state"] = _("Choose a level from 0 to %(max)s, N/A or “don’t know”.") % {
            "max": MAX_LEVEL
        }
        return problems
    if choice:
        problems["choice"] = _("Only context questions have a choice; give a level.")
    if state == ANSWERED:
        problem = level_range_problem(level)
        if problem:
            problems["level"] = problem
    elif level is not None:
        problems["level"] = _("Only an answered question has a level.")
    if state == NA and not note.strip():
        problems["note"] = _(NA_NEEDS_NOTE)
    return problems
