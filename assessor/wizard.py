"""What the wizard shows of each question: plain view objects built from the
pinned framework and the stored answers, shared by the step page and the
answer POST (which re-renders one question)."""

import uuid
from dataclasses import dataclass, field

from assessor import vocabulary
from assessor.models import Answer, Assessment

LEVEL_OPTION_LABELS = {value: vocabulary.STATE_LABELS[value] for value in ("na", "unknown")}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    text: str
    hint: str = ""


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
    errors: list[str] = field(default_factory=list)
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
    def carried_over(self) -> bool:
        return bool(self.answer) and self.answer.carried_over

    @property
    def is_answered(self) -> bool:
        return bool(self.answer) and self.answer.is_answered

    @property
    def value_label(self) -> str:
        return label_of(self.options, self.value)


def label_of(options: list[Option], value: str) -> str:
    for option in options:
        if option.value == value:
            return option.label if not option.value.isdigit() else vocabulary.level_label(value)
    return vocabulary.STATE_LABELS[vocabulary.UNANSWERED]


def na_text(guidance: str) -> str:
    """What the N/A choice says: the bank's guidance on when N/A is legitimate, if any."""
    if guidance:
        return f"{guidance} Say why in the note."
    return "Does not apply here (say why in the note)."


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
                options=[Option(c.key, c.label, c.description) for c in q.choices],
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
            options=[Option(str(lv.level), f"{lv.level}", lv.text, lv.next_step) for lv in q.levels]
            + [
                Option("na", LEVEL_OPTION_LABELS["na"], na_text(q.na_guidance)),
                Option("unknown", LEVEL_OPTION_LABELS["unknown"], "Nobody in the room can tell."),
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

    @property
    def done(self) -> bool:
        return self.answered == self.total


def navigation(assessment: Assessment, answers: dict[str, Answer], current: str) -> list[StepNav]:
    framework = assessment.framework.parsed

    def answered(keys):
        return sum(1 for k in keys if k in answers and answers[k].is_answered)

    nav = []
    for key, title in assessment.steps():
        keys = (
            [q.key for q in framework.context_questions]
            if key == "context"
            else [q.key for q in framework.questions_of(key)]
        )
        nav.append(StepNav(key, title, answered(keys), len(keys), key == current))
    return nav


def first_open_position(assessment: Assessment, answers: dict[str, Answer]) -> tuple[str, str]:
    """Where to resume: the step and question of the first unanswered question."""
    framework = assessment.framework.parsed
    for key in assessment.question_keys():
        answer = answers.get(key)
        if answer is None or not answer.is_answered:
            return vocabulary.question(framework, key).step, key
    last_step = assessment.steps()[-1][0]
    return last_step, ""
