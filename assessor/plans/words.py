"""Actions in words: their practice areas and questions as the bank names
them, and their history as people read it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from assessor.frameworks import Framework as ParsedFramework
from assessor.models import Assessment
from assessor.plans.models import Action, ActionRevision

FIELD_LABELS = {
    "title": pgettext_lazy("action field", "title"),
    "description": pgettext_lazy("action field", "description"),
    "dimension": pgettext_lazy("action field", "practice area"),
    "question_keys": pgettext_lazy("action field", "questions"),
    "owner": pgettext_lazy("action field", "owner"),
    "owner_name": pgettext_lazy("action field", "owner"),
    "due_date": pgettext_lazy("action field", "due date"),
    "status": pgettext_lazy("action field", "status"),
    "dropped_reason": pgettext_lazy("action field", "reason for dropping"),
    "target_level": pgettext_lazy("action field", "target level"),
    "assessment": pgettext_lazy("action field", "plan"),
}
STATUS_LABELS = dict(Action.Status.choices)


class BankWords:
    """Practice area titles and question texts by key, from several bank
    versions (the first that knows a key names it: pass the newest first)."""

    def __init__(self, frameworks: list[ParsedFramework]):
        self.areas: dict[str, str] = {}
        self.questions: dict[str, str] = {}
        for framework in frameworks:
            for dimension in framework.dimensions:
                self.areas.setdefault(dimension.key, dimension.title)
                for question in dimension.questions:
                    self.questions.setdefault(question.key, question.text)

    def area(self, key: str) -> str:
        return self.areas.get(key, key)

    def question(self, key: str) -> str:
        return self.questions.get(key, key)


@dataclass(frozen=True)
class QuestionLink:
    key: str
    text: str
    url: str  # the question in the wizard of the action's plan ("" without one)


def question_links(action: Action, framework: ParsedFramework) -> list[QuestionLink]:
    words = BankWords([framework])
    assessment = action.assessment
    links = []
    for key in action.question_keys:
        url = ""
        if assessment is not None and framework.has_question(key):
            step = framework.question(key).dimension
            slug = action.organization.slug
            url = reverse("assessor:step", args=[slug, assessment.code, step]) + f"#q-{key}"
        links.append(QuestionLink(key, words.question(key), url))
    return links


@dataclass(frozen=True)
class HistoryRow:
    at: object
    user: object
    reason: str
    changes: list[tuple[str, str, str]]  # (what, from, to) in words
    created: bool


def _value_in_words(name: str, value, words: BankWords) -> str:
    if value in (None, "", []):
        return "—"
    if name == "status":
        return STATUS_LABELS.get(value, value)
    if name == "dimension":
        return words.area(value)
    if name == "question_keys":
        return "; ".join(words.question(k) for k in value)
    if name == "description":
        text = str(value)
        return text if len(text) <= 160 else text[:159] + "…"
    return str(value)


def history_rows(action: Action, framework: ParsedFramework) -> list[HistoryRow]:
    words = BankWords([framework])
    revisions = ActionRevision.objects.filter(action=action).select_related("user")
    plans = _plan_titles(action, revisions)
    rows = []
    for revision in revisions:
        changes = []
        for name, old, new in revision.changes():
            if name == "assessment":
                old, new = plans.get(old, old), plans.get(new, new)
            changes.append(
                (
                    FIELD_LABELS.get(name, name),
                    _value_in_words(name, old, words),
                    _value_in_words(name, new, words),
                )
            )
        rows.append(
            HistoryRow(revision.at, revision.user, revision.reason, changes, revision.old is None)
        )
    return rows


def _plan_titles(action: Action, revisions) -> dict[str, str]:
    """Assessment codes named by revisions -> their titles (one query)."""
    codes = {
        value
        for revision in revisions
        for value in ((revision.old or {}).get("assessment"), revision.new.get("assessment"))
        if value
    }
    titles = Assessment.objects.filter(
        organization=action.organization_id, code__in=codes
    ).values_list("code", "title")
    return {str(code): title for code, title in titles}
