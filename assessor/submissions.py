"""A posted answer, checked and saved: the one way the wizard (htmx or a
plain form) and the REST API write an answer, so the rules, the conflict
check and the revision trail hold for both."""

from collections.abc import Mapping
from dataclasses import dataclass

from accounts.models import Membership, User
from assessor.forms import AnswerForm
from assessor.models import Assessment
from assessor.services import SaveOutcome, answer_save


@dataclass(frozen=True)
class Submission:
    """The form that checked the answer and, when it was valid, what the save
    did (None when the form refused it: nothing was written)."""

    form: AnswerForm
    outcome: SaveOutcome | None


def answer_submit(*, assessment: Assessment, user: User, data: Mapping) -> Submission:
    """Check `data` with the wizard's rules (levels, N/A needs a note, a
    context question's choices, a note, evidence, owner or valid-until day
    held back alone when it cannot be stored) and save it with answer_save.

    Raises AssessmentClosed like answer_save; each caller says it its way.
    """
    form = AnswerForm(
        data,
        framework=assessment.framework.parsed,
        areas=assessment.areas,
        members=_members(assessment) if "evidence_owner" in data else {},
    )
    if not form.is_valid():
        return Submission(form=form, outcome=None)
    cleaned = form.cleaned_data
    outcome = answer_save(
        assessment=assessment,
        user=user,
        question_key=cleaned["question"],
        state=cleaned["state"],
        level=cleaned["level"],
        choice=cleaned["choice"],
        note=cleaned["note"],
        evidence=cleaned["evidence"],
        evidence_owner=cleaned["evidence_owner"],
        evidence_valid_until=cleaned["evidence_until"],
        version=cleaned["version"],
        client=cleaned["client"],
    )
    return Submission(form=form, outcome=outcome)


def _members(assessment: Assessment) -> dict[str, User]:
    """Whom an answer's evidence can belong to, by membership code (the
    wizard's select sends the code)."""
    memberships = Membership.objects.filter(organization_id=assessment.organization_id)
    return {str(m.code): m.user for m in memberships.select_related("user")}
