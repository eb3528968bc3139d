"""A populated world for the security suite: both organizations hold one of
every kind of object a URL can name (assessment with answers, open workshop
with a participant and a question on screen, ready report, pending
invitation, an action of the plan), and Acme has a member of every role.

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
from django.core.management import call_command
from django.db import connection

from accounts import services as account_services
from accounts.models import Invitation, Membership, Organization, User
from assessor import services as assessor_services
from assessor.models import Answer, Assessment, Framework
from assessor.plans import services as plan_services
from assessor.plans.models import Action
from assessor.workshops import services as workshop_services
from assessor.workshops.models import Workshop
from reports import services as report_services
from reports.models import Report
from tests.conftest import Personas, make_user

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
    action: Action  # on the assessment's plan, owned by the organization's owner


@dataclass
class World:
    personas: Personas
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
    action = plan_services.action_create(
        organization=org,
        assessment=assessment,
        user=owner,
        title=f"{org.name} first action",
        dimension=first.dimension,
        question_keys=[first.key],
        owner=owner,
    )
    return Estate(org, owner, assessment, workshop, report, invitation, other_member, action)


def build_world() -> World:
    """The personas of tests/conftest.py, plus fred and dave, and both estates."""
    call_command("sync_frameworks", verbosity=0)
    framework = Framework.objects.get(key="devops-mlops-readiness", version=1)
    alice = make_user("alice@example.org", "Alice Owner")
    bob = make_user("bob@example.org", "Bob Participant")
    carol = make_user("carol@example.org", "Carol Viewer")
    charlie = make_user("charlie@example.net", "Charlie Outsider")
    fred = make_user("fred@example.org", "Fred Facilitator")
    dave = make_user("dave@example.net", "Dave Bolt")
    org_a = Organization.objects.create(name="Acme Payments", slug="acme", regulated=True)
    org_b = Organization.objects.create(name="Bolt Robotics", slug="bolt")
    Role = Membership.Role
    for user, org, role in [
        (alice, org_a, Role.OWNER),
        (bob, org_a, Role.PARTICIPANT),
        (carol, org_a, Role.VIEWER),
        (fred, org_a, Role.FACILITATOR),
        (charlie, org_b, Role.OWNER),
        (dave, org_b, Role.PARTICIPANT),
    ]:
        Membership.objects.create(user=user, organization=org, role=role)
    personas = Personas(alice, bob, carol, charlie, org_a, org_b)
    acme = _estate(org_a, alice, Membership.objects.get(user=alice), framework)
    bolt = _estate(org_b, charlie, Membership.objects.get(user=dave), framework)
    return World(personas, fred, acme, bolt)


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _tables() -> list[str]:
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.label_lower not in NOT_COUNTED and m._meta.managed and not m._meta.proxy
        }
    )


def table_fingerprints() -> dict[str, str]:
    """Per table, a digest of all its rows (PostgreSQL; elsewhere the row
    count), in one query: a refused request must insert, change and delete
    nothing."""
    tables = _tables()
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        each = "SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {} t"
    else:
        each = "SELECT CAST(COUNT(*) AS TEXT) FROM {}"
    # Table names come from our own models, quoted: no outside input.
    sql = "SELECT " + ", ".join(f"({each.format(quote(t))})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))
