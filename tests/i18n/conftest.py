"""The world the page sweep (test_pages.py) renders its pages in."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import tokens
from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.models import AccessToken, Invitation, Membership
from assessor import services as assessor_services
from reports import services as report_services
from reports.models import Report


@dataclass
class World:
    personas: object
    assessment: object
    report: Report
    failed_report: Report
    token: AccessToken
    invitation: Invitation
    bob_code: str
    reset_link: str
    bad_reset_link: str

    def data(self) -> list[str]:
        """What users typed or named, shown as it is in every language."""
        p = self.personas
        people = [p.alice, p.bob, p.carol, p.charlie]
        return [
            settings.SITE_NAME,  # the practice's brand name
            *(u.full_name for u in people),
            *(u.email for u in people),
            p.org_a.name,
            p.org_b.name,
            self.assessment.title,
            self.invitation.email,
            self.token.name,
        ]


@pytest.fixture
def world(personas, framework, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    p = personas
    p.alice.is_staff = True  # also sees the installation's branding
    p.alice.save()
    assessment = assessor_services.assessment_start(
        organization=p.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=p.alice,
    )
    report = report_services.report_request(assessment=assessment, user=p.alice)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.READY, size=48213)
    failed = report_services.report_request(assessment=assessment, user=p.alice)
    Report.objects.filter(pk=failed.pk).update(
        status=Report.Status.FAILED, error=report_services.QUEUE_LOST
    )
    token, _secret = tokens.token_create(
        user=p.alice, name="Grafana board", scope="read", expires_at=None
    )
    tokens.token_record_use(token=token, organization=p.org_a)
    invitation = Invitation.objects.create(
        organization=p.org_a, email="dora@example.com", role="viewer", invited_by=p.alice
    )
    record(
        Kind.ROLE_CHANGED,
        actor=p.alice,
        organization=p.org_a,
        target=p.bob.email,
        detail={"from": "participant", "to": "viewer"},
    )
    record(
        Kind.INVITATION_SENT,
        actor=p.alice,
        organization=p.org_a,
        target=invitation.email,
        detail={"role": "viewer", "emailed": False},
    )
    uid = urlsafe_base64_encode(force_bytes(p.carol.pk))
    reset = reverse(
        "accounts:password_reset_confirm",
        args=[uid, default_token_generator.make_token(p.carol)],
    )
    return World(
        personas=p,
        assessment=assessment,
        report=report,
        failed_report=failed,
        token=token,
        invitation=invitation,
        bob_code=str(Membership.objects.get(user=p.bob, organization=p.org_a).code),
        reset_link=reset,
        bad_reset_link=reverse("accounts:password_reset_confirm", args=[uid, "bad-token"]),
    )
