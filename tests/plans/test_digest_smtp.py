"""One digest through Django's real SMTP backend to a real SMTP server on
loopback, read back from what the server received."""

import datetime

from django.utils import timezone

from assessor import services as assessor_services
from assessor.plans import reminders
from assessor.plans import services as plan_services


def test_a_digest_travels_over_smtp(personas, framework, smtp_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "assessor@acme.example"
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline",
        scope="both",
        targets={},
        user=personas.alice,
    )
    dimension = assessment.framework.parsed.dimensions[0]
    monday = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))
    plan_services.action_create(
        organization=personas.org_a,
        assessment=assessment,
        user=personas.alice,
        title="Ship the rollback runbook – été",
        dimension=dimension.key,
        question_keys=[],
        owner=personas.bob,
        due_date=monday.date() - datetime.timedelta(days=4),
    )

    assert reminders.digests_send(now=monday) == 1

    smtp_server.wait_for(1, timeout=10)
    [message] = smtp_server.messages
    assert smtp_server.recipients == [["bob@example.org"]]
    assert message["From"] == "assessor@acme.example"
    assert "1 overdue" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Ship the rollback runbook – été" in text
    assert "Ship the rollback runbook – été" in html
    assert "due 26 Nov 2026" in text
