"""What the wizard shows of each question: plain view objects built from the
pinned framework and the stored answers, shared by the step page and the
answer POST (which re-renders one question)."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessor import vocabulary
from assessor.models import Answer, Assessment

UNKNOWN_TEXT = gettext_lazy("Nobody in the room can tell.")
# The fields of a question that show their own error next to them (each has
# its "<field>-errors" slot in assessor/step.html, all sent back by a save).
FIELDS = ("value", "note", "evidence", "validity")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    text: str
    hint: str = ""
    # The key that picks this option in the wizard ("" for none).
    key: str = ""


@dataclass
class QuestionView:
    key: str
    number: int
    text: str
    help: str
    options: list[Option]
    scored: bool
    answer: Answer | None
    revisions: int = 0
    # Not about one field (e.g. an unknown question).
    errors: list[str] = field(default_factory=list)
    # Per field ("value", "note", "evidence"): what to fix, shown next to it.
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    # On a refused stale save: what the user tried to save.
    mine: dict | None = None
    saved: bool = False
    # After a context answer: how many N/A defaults it set or withdrew.
    defaulted: int = 0

    @property
    def value(self) -> str:
        return self.answer.value if self.answer else ""

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def note(self) -> str:
        return self.answer.note if self.answer else ""

    @property
    def evidence(self) -> str:
        return self.answer.evidence if self.answer else ""

    @property
    def evidence_owner_id(self) -> int | None:
        return self.answer.evidence_owner_id if self.answer else None

    @property
    def evidence_until(self) -> datetime.date | None:
        return self.answer.evidence_valid_until if self.answer else None

    @property
    def evidence_expired(self) -> bool:
        return bool(self.answer) and self.answer.evidence_expired(timezone.localdate())

    @property
    def validity_errors(self) -> list[str]:
        """What to fix in the evidence's owner or valid-until day."""
        return self.field_errors.get("evidence_owner", []) + self.field_errors.get(
            "evidence_until", []
        )

    @property
    def carried_over(self) -> bool:
        return bool(self.answer) and self.answer.is_carried

    @property
    def is_answered(self) -> bool:
        return bool(self.answer) and self.answer.is_answered

    @property
    def value_label(self) -> str:
        return label_of(self.options, self.value)

    @property
    def value_errors(self) -> list[str]:
        return self.field_errors.get("value", [])

    @property
    def note_errors(self) -> list[str]:
        return self.field_errors.get("note", [])

    @property
    def evidence_errors(self) -> list[str]:
        return self.field_errors.get("evidence", [])

    @property
    def keys_hint(self) -> str:
        """The keys that pick an option, as the hint names them: "0–4", "1–5"."""
        keys = [o.key for o in self.options if o.key]
        return f"{keys[0]}–{keys[-1]}" if keys else ""


def label_of(options: list[Option], value: str) -> str:
    for option in options:
        if option.value == value:
            return option.label if not option.value.isdigit() else vocabulary.level_label(value)
    return vocabulary.STATE_LABELS[vocabulary.UNANSWERED]


def _state(state: str) -> str:
    """The word for N/A or "don’t know" in the active language, read per request."""
    return str(vocabulary.STATE_LABELS[state])


def na_text(guidance: str) -> str:
    """What the N/A choice says: the bank's guidance on when N/A is legitimate, if any."""
    if guidance:
        return _("%(guidance)s Say why in the note.") % {"guidance": guidance}
    return _("Does not apply here (say why in the note).")


def new_client_id() -> str:
    """A random id per page load, so a tab's own quick saves never conflict."""
    return uuid.uuid4().hex[:16]


def step_questions(
    assessment: Assessment, step: str, answers: dict[str, Answer], revisions: dict[str, int]
) -> list[QuestionView]:
    framework = assessment.framework.parsed
    if step == "context":
        return [
            QuestionView(
                key=q.key,
                number=n,
                text=q.text,
                help=q.help,
                # Number keys from 1 pick a choice (0-4 are levels elsewhere).
                options=[
                    Option(c.key, c.label, c.description, key=str(i) if i < 10 else "")
                    for i, c in enumerate(q.choices, 1)
                ]
                + [Option("unknown", _state("unknown"), UNKNOWN_TEXT)],
                scored=False,
                answer=answers.get(q.key),
                revisions=revisions.get(q.key, 0),
            )
            for n, q in enumerate(framework.context_questions, 1)
        ]
    return [
        QuestionView(
            key=q.key,
            number=n,
            text=q.text,
            help=q.help,
            options=[
                Option(str(lv.level), f"{lv.level}", lv.text, lv.next_step, key=str(lv.level))
                for lv in q.levels
            ]
            + [
                Option("na", _state("na"), na_text(q.na_guidance)),
                Option("unknown", _state("unknown"), UNKNOWN_TEXT),
            ],
            scored=True,
            answer=answers.get(q.key),
            revisions=revisions.get(q.key, 0),
        )
        for n, q in enumerate(framework.questions_of(step), 1)
    ]


def question_view(assessment: Assessment, key: str, answer: Answer | None, revisions: int):
    step = vocabulary.question(assessment.framework.parsed, key).step
    answers = {key: answer} if answer else {}
    views = step_questions(assessment, step, answers, {key: revisions})
    return step, next(v for v in views if v.key == key)


@dataclass(frozen=True)
class StepNav:
    key: str
    title: str
    answered: int
    total: int
    current: bool
    # Carried over and awaiting confirmation: not answered yet.
    carried: int = 0

    @property
    def done(self) -> bool:
        return self.answered == self.total


def step_keys(assessment: Assessment, step: str) -> list[str]:
    """The question keys of one wizard step."""
    framework = assessment.framework.parsed
    if step == "context":
        return [q.key for q in framework.context_questions]
    return [q.key for q in framework.questions_of(step)]


def navigation(assessment: Assessment, answers: dict[str, Answer], current: str) -> list[StepNav]:
    nav = []
    for key, title in assessment.steps():
        mine = [answers[k] for k in step_keys(assessment, key) if k in answers]
        nav.append(
            StepNav(
                key,
                title,
                answered=sum(1 for a in mine if a.is_answered),
                total=len(step_keys(assessment, key)),
                current=key == current,
                carried=sum(1 for a in mine if a.is_carried),
            )
        )
    return nav


def first_open_position(assessment: Assessment, answers: dict[str, Answer]) -> tuple[str, str]:
    """Where to resume: the step and question of the first question not
    answered yet (unconfirmed carried-over answers included)."""
    framework = assessment.framework.parsed
    for key in assessment.question_keys():
        answer = answers.get(key)
        if answer is None or not answer.is_answered:
            return vocabulary.question(framework, key).step, key
    last_step = assessment.steps()[-1][0]
    return last_step, ""
