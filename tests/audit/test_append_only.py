"""No page, API call, admin view, model method or SQL statement changes or
deletes an audit entry; only the retention purge removes old ones."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.audit import retention
from accounts.audit.models import AppendOnlyError, AuditEvent, Kind
from accounts.audit.recording import record
from accounts.models import Organization, User
from tests.audit.conftest import last_id
from tests.security.conftest import World
from tests.security.test_url_walk import Filling, endpoints, is_admin

FIELDS = [f.attname for f in AuditEvent._meta.concrete_fields]


def entries_up_to(last: int) -> list[tuple]:
    """Every column of every entry written so far."""
    return list(AuditEvent.objects.filter(id__lte=last).order_by("id").values_list(*FIELDS))


@pytest.fixture
def entries(world: World) -> list[AuditEvent]:
    """An entry of every organization kind for Acme, one for Bolt, one of a person."""
    alice = world.personas.alice
    made = [
        record(kind, actor=alice, organization=world.acme.org, target="x", detail={"n": 1})
        for kind in (Kind.ROLE_CHANGED, Kind.REPORT_DOWNLOADED, Kind.TOKEN_USED)
    ]
    made.append(record(Kind.MEMBER_LEFT, actor=world.personas.charlie, organization=world.bolt.org))
    made.append(record(Kind.SIGNED_IN, actor=alice))
    return made


def test_the_model_refuses_changes_and_deletes(entries):
    event = entries[0]
    event.target = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(target="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["target"])
    assert AuditEvent.objects.get(pk=event.pk).target == "x"
    assert AuditEvent.objects.count() >= len(entries)


def test_deleting_a_user_or_an_organization_keeps_their_entries(world: World, entries):
    before = entries_up_to(last_id())
    world.personas.charlie.delete()
    Organization.objects.filter(pk=world.bolt.org.pk).delete()
    assert entries_up_to(before[-1][0]) == before
    bolt = AuditEvent.objects.get(pk=entries[3].pk)
    assert (bolt.actor_email, bolt.organization_name) == ("charlie@example.net", "Bolt Robotics")


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_superuser("root@example.org", "x" * 20)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return signed_in(staff)


def test_the_admin_shows_entries_and_changes_none(entries, staff_client):
    before = entries_up_to(last_id())
    event = entries[0]
    base = "/admin/audit/auditevent/"
    listing = staff_client.get(base)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Bolt Robotics" in page and "alice@example.org" in page  # staff see every organization
    assert "delete_selected" not in page
    detail = staff_client.get(f"{base}{event.pk}/change/")
    assert detail.status_code == 200 and b'name="_save"' not in detail.content
    assert staff_client.post(f"{base}{event.pk}/change/", {"target": "x2"}).status_code == 403
    assert staff_client.get(f"{base}{event.pk}/delete/").status_code == 403
    assert staff_client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert staff_client.get(f"{base}add/").status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    staff_client.post(base, bulk)
    assert entries_up_to(before[-1][0]) == before


def _sql(*statements: tuple[str, list]) -> None:
    """Run the statements in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)


def _purge_before(cutoff: str) -> tuple[str, list]:
    return "SELECT set_config('audit.purge_before', %s, true)", [cutoff]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_update_and_delete(entries):
    table = AuditEvent._meta.db_table
    pk = entries[0].pk
    update = (f"UPDATE {table} SET target = 'rewritten' WHERE id = %s", [pk])  # noqa: S608
    delete = (f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(update)
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(delete)
    # The purge's permission covers rows older than its cut-off only...
    cutoff = (timezone.now() - timedelta(days=1)).isoformat()
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(_purge_before(cutoff), delete)
    # ...never an update, and it ends with its transaction.
    later = (timezone.now() + timedelta(days=1)).isoformat()
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(_purge_before(later), update)
    with pytest.raises(IntegrityError, match="append-only"):
        _sql(delete)
    assert AuditEvent.objects.get(pk=pk).target == "x"
    # A cut-off after the entry lets the purge's DELETE through.
    _sql(_purge_before(later), delete)
    assert not AuditEvent.objects.filter(pk=pk).exists()


def test_the_purge_removes_only_entries_past_retention(entries, settings):
    settings.AUDIT_RETENTION_DAYS = 90
    now = timezone.now()
    old = AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=91))
    young = AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=89))
    assert retention.audit_purge(now=now) == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[young.pk] + [e.pk for e in entries]).count() == 6
    purge = AuditEvent.objects.get(kind=Kind.AUDIT_PURGED)
    assert purge.detail["entries"] == 1 and purge.actor_id is None
    assert retention.audit_purge(now=now) == 0  # nothing more, and no entry saying so
    assert AuditEvent.objects.filter(kind=Kind.AUDIT_PURGED).count() == 1


def test_a_retention_of_zero_keeps_everything(entries, settings):
    settings.AUDIT_RETENTION_DAYS = 0
    AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=timezone.now() - timedelta(days=4000))
    assert retention.audit_purge() == 0
    assert AuditEvent.objects.count() == len(entries) + 1


# -- every URL, by the people with the most rights --------------------------------------------


def test_no_page_changes_or_deletes_an_entry(world: World, entries, staff):
    """The owner walks every page and the staff member every
    admin page, GET and POST; the API is walked with an owner's token in every
    method. Whatever they change, the entries written before stay as they were."""
    before = entries_up_to(last_id())
    own = Filling("acme", world.acme, world.acme)
    _, secret = tokens.token_create(
        user=world.personas.alice, name="walk", scope="write", expires_at=None
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    # Alice owns Acme: whatever a member may do, she may (fred, a facilitator, has less).
    for user in (world.personas.alice, staff):
        for e in endpoints():
            if is_admin(e) != (user == staff):
                continue
            path = own.path(e)
            # Signed in afresh for each URL: the walk passes sign-out pages too.
            # Status codes are test_url_walk.py's business; a server error
            # (django-otp's admin answers a missing device's config page with
            # one) must not end this walk before the entries are compared.
            client = signed_in(user)
            client.raise_request_exception = False
            client.get(path)
            client.post(path)
    for e in endpoints():
        if e.name.startswith("api:"):
            path = own.path(e)
            for method in ("get", "post", "put", "patch", "delete"):
                getattr(api, method)(path, content_type="application/json")
    assert entries_up_to(before[-1][0]) == before
    assert last_id() > before[-1][0]  # the walk itself was recorded (downloads, exports...)
