"""The Action model and the plan's writes: roles, overdue, the audit trail,
stale edits, carry-over."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership
from assessor.plans import services
from assessor.plans.models import Action


@pytest.mark.parametrize(
    ("who", "may"),
    [("alice", True), ("fred", True), ("bob", True), ("carol", False)],
)
def test_who_may_update_an_action_bob_owns(personas, fred, planned, who, may):
    user = fred if who == "fred" else getattr(personas, who)
    membership = Membership.objects.get(user=user, organization=personas.org_a)
    assert planned.action.can_update(membership) is may


def test_a_participant_may_not_update_an_action_of_someone_else(personas, planned):
    planned.action.owner = personas.alice
    bob = personas.membership(personas.bob, personas.org_a)
    assert not planned.action.can_update(bob)


def test_a_viewer_who_owns_an_action_still_cannot_update_it(personas, planned):
    planned.action.owner = personas.carol
    carol = personas.membership(personas.carol, personas.org_a)
    assert not planned.action.can_update(carol)


def test_overdue_means_open_and_past_its_date(planned):
    today = timezone.localdate()
    action = planned.action
    action.due_date = today - timedelta(days=1)
    assert action.is_overdue(today)
    action.status = Action.Status.DONE
    assert not action.is_overdue(today)
    action.status, action.due_date = Action.Status.DOING, today
    assert not action.is_overdue(today)


def test_owner_label(personas, planned):
    assert planned.action.owner_label == "Bob Participant"
    planned.action.owner, planned.action.owner_name = None, "Nina Contractor"
    assert planned.action.owner_label == "Nina Contractor"


def test_the_database_refuses_a_dropped_action_without_reason(planned):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=planned.action.pk).update(status="dropped", dropped_reason="")


def test_the_database_refuses_two_kinds_of_owner(planned):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=planned.action.pk).update(owner_name="Someone")


def test_every_change_is_recorded_from_what_to_what(personas, planned):
    action = planned.action
    first = action.revisions.get()
    assert first.old is None and first.user == personas.alice
    assert first.new["title"] == "Version the deployment scripts"

    outcome = services.action_update(
        action=action, user=personas.bob, version=1, status=Action.Status.DOING
    )
    assert outcome.changed and outcome.action.version == 2
    latest = action.revisions.first()
    assert latest.user == personas.bob
    assert latest.changes() == [("status", "todo", "doing")]

    due = timezone.localdate() + timedelta(days=30)
    services.action_update(
        action=action, user=personas.alice, version=2, due_date=due, owner=None, owner_name="Olga"
    )
    latest = action.revisions.first()
    assert dict((name, (old, new)) for name, old, new in latest.changes()) == {
        "due_date": (None, due.isoformat()),
        "owner": ("bob@example.org", None),
        "owner_name": ("", "Olga"),
    }
    assert action.revisions.count() == 3


def test_an_unchanged_save_records_nothing(personas, planned):
    outcome = services.action_update(
        action=planned.action, user=personas.alice, version=1, title=planned.action.title
    )
    assert not outcome.changed and not outcome.conflict
    assert planned.action.revisions.count() == 1


def test_a_stale_version_is_refused(personas, planned):
    services.action_update(action=planned.action, user=personas.alice, version=1, title="New")
    outcome = services.action_update(
        action=planned.action, user=personas.bob, version=1, title="Stale"
    )
    assert outcome.conflict and outcome.action.title == "New"
    assert Action.objects.get(pk=planned.action.pk).title == "New"


def test_closing_stamps_the_time_and_reopening_clears_it(personas, planned):
    services.action_update(
        action=planned.action, user=personas.alice, version=1, status=Action.Status.DONE
    )
    action = Action.objects.get(pk=planned.action.pk)
    assert action.closed_at is not None
    services.action_update(action=action, user=personas.alice, version=2, status="doing")
    assert Action.objects.get(pk=action.pk).closed_at is None


def test_leaving_dropped_clears_the_reason(personas, planned):
    services.action_update(
        action=planned.action,
        user=personas.alice,
        version=1,
        status=Action.Status.DROPPED,
        dropped_reason="Out of budget",
    )
    services.action_update(action=planned.action, user=personas.alice, version=2, status="todo")
    assert Action.objects.get(pk=planned.action.pk).dropped_reason == ""


def test_counts(personas, planned):
    yesterday = timezone.localdate() - timedelta(days=1)
    services.action_update(
        action=planned.action, user=personas.alice, version=1, due_date=yesterday
    )
    services.action_create(
        organization=personas.org_a,
        assessment=planned.assessment,
        user=personas.alice,
        title="Done already",
        dimension=planned.dimension,
        question_keys=[],
        status=Action.Status.DONE,
    )
    counts = Action.objects.filter(organization=personas.org_a).counts()
    assert (counts.open, counts.overdue, counts.done, counts.dropped) == (1, 1, 1, 0)
    assert counts.total == 2
