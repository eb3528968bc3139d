"""Fixtures of the plan tests: Acme's baseline with answers, and an action on
its plan owned by bob (a participant), as facilitators create them.

fred - facilitator of Acme
"""

from dataclasses import dataclass

import pytest

from accounts.models import Membership
from assessor import services as assessor_services
from assessor.models import Answer, Assessment
from assessor.plans import services
from assessor.plans.models import Action
from tests.conftest import make_user


@pytest.fixture
def fred(personas):
    user = make_user("fred@example.org", "Fred Facilitator")
    Membership.objects.create(
        user=user, organization=personas.org_a, role=Membership.Role.FACILITATOR
    )
    return user


def answer_levels(assessment: Assessment, user, levels: dict[str, int]) -> None:
    for key, level in levels.items():
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=key,
            defaults={"state": "answered", "level": level, "answered_by": user, "version": 1},
        )


@pytest.fixture
def baseline(personas, framework) -> Assessment:
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    parsed = assessment.framework.parsed
    answer_levels(
        assessment, personas.alice, {q.key: n % 3 for n, q in enumerate(parsed.scored_questions)}
    )
    return assessment


@dataclass
class Planned:
    assessment: Assessment
    action: Action
    question: str
    dimension: str


@pytest.fixture
def planned(baseline, personas) -> Planned:
    question = baseline.framework.parsed.scored_questions[0]
    action = services.action_create(
        organization=personas.org_a,
        assessment=baseline,
        user=personas.alice,
        title="Version the deployment scripts",
        dimension=question.dimension,
        question_keys=[question.key],
        owner=personas.bob,
        target_level=2,
    )
    return Planned(baseline, action, question.key, question.dimension)
