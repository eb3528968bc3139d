"""Fixtures of the API tests: a facilitator beside the personas, an answered
assessment of Acme with a ready report, and tokens for anyone.

dave - facilitator of org A

Acme's assessment has an action on its plan owned by bob.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts import tokens
from accounts.models import Membership, User
from assessor import services
from assessor.models import Answer
from assessor.plans import services as plan_services
from assessor.plans.models import Action
from reports.models import Report

PDF = b"%PDF-1.4\n% a stand-in file: the API serves whatever the report stored\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_api_cache(settings, tmp_path):
    """Rate-limit counters and last-used marks start empty for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    caches["api"].clear()


@pytest.fixture
def dave(personas):
    user = User.objects.create_user("dave@example.org", "x" * 20, full_name="Dave Facilitator")
    Membership.objects.create(
        user=user, organization=personas.org_a, role=Membership.Role.FACILITATOR
    )
    return user


@dataclass
class Acme:
    assessment: object
    report: Report
    question: str
    action: Action  # on the assessment's plan, owned by bob (a participant)


def answer_some(assessment, user) -> None:
    framework = assessment.framework.parsed
    for n, question in enumerate(framework.scored_questions[:6]):
        Answer.objects.create(
            assessment=assessment,
            question_key=question.key,
            state="answered",
            level=n % 5,
            answered_by=user,
            version=1,
        )
    assessment.headline = assessment.headline_from(list(assessment.answers.all()))
    assessment.save(update_fields=["headline"])


@pytest.fixture
def acme(personas, framework, dave) -> Acme:
    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_some(assessment, personas.alice)
    report = Report.objects.create(
        assessment=assessment,
        number=1,
        snapshot={"assessment": {"title": assessment.title}, "organization": {"name": "Acme"}},
        status=Report.Status.READY,
        requested_by=personas.alice,
    )
    report.file.save(report.storage_name, ContentFile(PDF))
    first = assessment.framework.parsed.scored_questions[0]
    action = plan_services.action_create(
        organization=personas.org_a,
        assessment=assessment,
        user=personas.alice,
        title="Version the deployment scripts",
        dimension=first.dimension,
        question_keys=[first.key],
        owner=personas.bob,
    )
    return Acme(assessment=assessment, report=report, question=first.key, action=action)


@pytest.fixture
def api():
    """An API client for a user: `api(p.alice)` (read-write token), `api(u, "read")`."""

    def _api(user=None, scope: str = "write"):
        client = APIClient()
        if user is not None:
            _, secret = tokens.token_create(user=user, name="test", scope=scope, expires_at=None)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return _api


def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)
