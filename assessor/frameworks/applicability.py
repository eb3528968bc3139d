"""Which scored questions a context answer makes N/A by default (`na_when`, FORMAT.md).

Pure functions of the bank and the context answers, shared by the wizard
(which pre-fills those answers as N/A with the note below, overridable) and by
whoever needs to know what the defaults are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessor.frameworks.schema import Framework, NaCondition, Question


@dataclass(frozen=True)
class NaDefault:
    question: str
    context: str
    choice: str
    note: str


def na_defaults(framework: Framework, context: Mapping[str, str]) -> dict[str, NaDefault]:
    """Question key -> why it is N/A by default, given the context answers
    (context question key -> choice key). Questions without a matching
    `na_when` condition are absent."""
    found = {}
    for question in framework.scored_questions:
        condition = matching_condition(question, context)
        if condition is not None:
            choice = context[condition.context]
            found[question.key] = NaDefault(
                question=question.key,
                context=condition.context,
                choice=choice,
                note=default_note(framework, condition.context, choice),
            )
    return found


def matching_condition(question: Question, context: Mapping[str, str]) -> NaCondition | None:
    for condition in question.na_when:
        if context.get(condition.context) in condition.choices:
            return condition
    return None


def default_note(framework: Framework, context_key: str, choice_key: str) -> str:
    """The note an N/A default carries, in client words (never a raw key)."""
    choices = framework.context_question(context_key).choices
    label = next((c.label for c in choices if c.key == choice_key), choice_key)
    # In the active language: the note is stored, so it stays in the language of
    # whoever's context answer wrote it (na_defaults recognises it in any language).
    return _(
        "N/A by default: the context answer “%(answer)s” usually means this does not apply. "
        "Pick a level if it does."
    ) % {"answer": label}


def questions_defaulted_by(framework: Framework, context_key: str) -> tuple[str, ...]:
    """The scored questions whose N/A default depends on `context_key`."""
    return tuple(
        question.key
        for question in framework.scored_questions
        if any(condition.context == context_key for condition in question.na_when)
    )
