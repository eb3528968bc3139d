"""A populated world for the security suite: both organizations hold one of
every kind of object a URL can name (assessment with answers, open workshop
with a participant and a question on screen, ready report, pending
invitation), and Acme has a member of every role.

    alice   owner of Acme            charlie  owner of Bolt (the outsider)
    fred    facilitator of Acme      bob      participant of Acme
    carol   viewer of Acme
"""

import hashlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from accounts import services as account_services
from accounts.models import Invitation, Membership, Organization, User
from assessor import services as assessor_services
from assessor.models import Answer, Assessment
from assessor.workshops import services as workshop_services
from assessor.workshops.models import Workshop
from reports import services as report_services
from reports.models import Report
from tests.conftest import make_user

PDF = b"%PDF-1.7\n% a stored report\n%%EOF\n"

# Rows that any request may write: the session of the signed-in test client.
NOT_COUNTED = {"sessions.session"}


@dataclass
class Estate:
    """One organization's objects, one of each kind a URL names."""

    org: Organization
    owner: User
    assessment: Assessment
    workshop: Workshop
    report: Report
    invitation: Invitation
    membership: Membership  # of a member other than the one walking


@dataclass
class World:
    personas: object
    fred: User
    acme: Estate
    bolt: Estate


def _estate(org: Organization, owner: User, other_member: Membership, framework) -> Estate:
    assessment = assessor_services.assessment_start(
        organization=org,
        framework=framework,
        title=f"{org.name} baseline",
        scope="both",
        targets={},
        user=owner,
    )
    first = assessment.framework.parsed.scored_questions[0]
    Answer.objects.create(
        assessment=assessment, question_key=first.key, state="answered", level=2, answered_by=owner
    )
    workshop = workshop_services.workshop_open(assessment=assessment, user=owner)
    workshop.assessment = assessment
    workshop_services.workshop_go(workshop=workshop, key=first.key)
    workshop_services.participant_join(workshop=workshop, display_name="Guest Gina", user=None)
    report = report_services.report_request(assessment=assessment, user=owner)
    default_storage.save(report.storage_name, ContentFile(PDF))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.storage_name,
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    report.refresh_from_db()
    invitation = account_services.invitation_create(
        organization=org, email=f"newcomer@{org.slug}.test", role="participant", invited_by=owner
    )
    return Estate(org, owner, assessment, workshop, report, invitation, other_member)


@pytest.fixture
def world(personas, framework, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    p = personas
    fred = make_user("fred@example.org", "Fred Facilitator")
    Membership.objects.create(user=fred, organization=p.org_a, role=Membership.Role.FACILITATOR)
    dave = make_user("dave@example.net", "Dave Bolt")
    Membership.objects.create(user=dave, organization=p.org_b, role=Membership.Role.PARTICIPANT)
    acme = _estate(p.org_a, p.alice, p.membership(p.alice, p.org_a), framework)
    bolt = _estate(p.org_b, p.charlie, Membership.objects.get(user=dave), framework)
    return World(p, fred, acme, bolt)


def row_counts() -> tuple[int, ...]:
    """Rows per table of every model, in one query: to show a refused
    request wrote nothing."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.label_lower not in NOT_COUNTED and m._meta.managed and not m._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    # Table names come from our own models, quoted: no outside input.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())
