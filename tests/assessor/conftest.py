import pytest

from assessor import services
from assessor.models import Answer


@pytest.fixture
def assessment(personas, framework):
    return services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline",
        scope="both",
        targets={},
        user=personas.alice,
    )


def answer_all(assessment, user, level: int = 2) -> None:
    """Answer every scored question of the assessment at one level."""
    fw = assessment.framework.parsed
    for q in fw.scored_questions:
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=q.key,
            defaults={"state": "answered", "level": level, "answered_by": user, "version": 1},
        )
    for q in fw.context_questions:
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=q.key,
            defaults={"state": "answered", "choice": q.choices[0].key, "version": 1},
        )
