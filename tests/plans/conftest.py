"""Fixtures of the plan tests: Acme's baseline with answers, and an action on
its plan owned by bob (a participant), as facilitators create them.

fred - facilitator of Acme
"""

import email
import email.policy
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from accounts.models import Membership
from assessor import services as assessor_services
from assessor.models import Answer, Assessment
from assessor.plans import services
from assessor.plans.models import Action
from tests.conftest import make_user
from tests.reports.conftest import free_port


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


# -- a real SMTP server on loopback (aiosmtpd), for the digest tests that send
# through Django's SMTP backend or from a worker process ---------------------------------


@dataclass
class Inbox:
    """What the server received: one parsed message per DATA command."""

    host: str
    port: int
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)

    def smtp_settings(self) -> dict[str, str]:
        """The environment that points the app's SMTP backend here."""
        return {
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


@pytest.fixture
def smtp_server():
    inbox = Inbox("127.0.0.1", free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()
