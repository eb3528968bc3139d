"""Evidence that ages: the answers whose evidence is past its valid-until day,
as the results page, the PDF and the weekly digest list them.

The scoring rule itself lives in the brain (scoring.EXPIRED_EVIDENCE_TRUST);
this module only finds and describes the answers it applies to, through
Answer.evidence_expired, so every list agrees with the score.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext

from assessor import scoring, vocabulary
from assessor.models import Answer, Assessment


def rule_in_words() -> str:
    """The rule in words (active language), for the results page, the README
    and the PDF's methodology."""
    return gettext(
        "An answer can name who keeps its evidence current and the last day the evidence "
        "holds. After that day the answer keeps its level, but counts %(percent)s%% towards "
        "confidence (the practice area's and the DevOps or MLOps index's) until someone "
        "re-checks the evidence and sets a new valid-until day."
    ) % {"percent": round(scoring.EXPIRED_EVIDENCE_TRUST * 100)}


# The same, read in the language active wherever it is shown.
RULE = lazy(rule_in_words, str)()


@dataclass(frozen=True)
class ExpiredEvidence:
    question_key: str
    question_text: str
    step: str
    # The practice area's title, as lists group it.
    section: str
    answer_label: str
    evidence: str
    owner_name: str
    valid_until: datetime.date

    def as_snapshot(self) -> dict:
        return {
            "question_key": self.question_key,
            "question": self.question_text,
            "section": self.section,
            "answer": self.answer_label,
            "evidence": self.evidence,
            "owner": self.owner_name,
            "valid_until": self.valid_until.isoformat(),
        }


def expired_evidence(
    assessment: Assessment, answers: list[Answer], today: datetime.date
) -> list[ExpiredEvidence]:
    """The assessment's answers in scope resting on expired evidence, in
    question order, oldest expiry first within the same question order.
    Load the answers with their evidence_owner to save a query each."""
    framework = assessment.framework.parsed
    order = {key: n for n, key in enumerate(assessment.question_keys())}
    found = [a for a in answers if a.question_key in order and a.evidence_expired(today)]
    found.sort(key=lambda a: order[a.question_key])
    return [_described(framework, a) for a in found]


def _described(framework, answer: Answer) -> ExpiredEvidence:
    ref = vocabulary.question(framework, answer.question_key)
    return ExpiredEvidence(
        question_key=answer.question_key,
        question_text=ref.text,
        step=ref.step,
        section=ref.section,
        answer_label=answer.label(framework),
        evidence=answer.evidence,
        owner_name=answer.evidence_owner.display_name if answer.evidence_owner_id else "",
        valid_until=answer.evidence_valid_until,  # type: ignore[arg-type]
    )


# Evidence that expired up to this many days ago still gets its assessment's
# headline refreshed: a daily run may miss a few days while the workers are down.
REFRESH_WINDOW_DAYS = 7


def headlines_refresh_aged(today: datetime.date) -> int:
    """Recompute the stored headline (list pages, timeline) of every assessment
    whose evidence expired in the last REFRESH_WINDOW_DAYS days, so its
    confidence falls the day the evidence ages, not at the next answer save.
    Safe to run twice. Returns how many were refreshed."""
    recently = today - datetime.timedelta(days=REFRESH_WINDOW_DAYS)
    codes = (
        Answer.objects.filter(
            evidence_valid_until__lt=today,
            evidence_valid_until__gte=recently,
            state=Answer.State.ANSWERED,
        )
        .values_list("assessment_id", flat=True)
        .distinct()
    )
    refreshed = 0
    for pk in codes:
        with transaction.atomic():
            # Answer saves take turns on the same row, so none is overwritten.
            assessment = (
                Assessment.objects.select_for_update(of=("self",))
                .select_related("framework", "organization")
                .get(pk=pk)
            )
            answers = list(assessment.answers.all())
            headline = assessment.headline_from(answers, today=today)
            if headline != assessment.headline:
                Assessment.objects.filter(pk=pk).update(headline=headline)
                refreshed += 1
    return refreshed
