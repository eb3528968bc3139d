"""The weekly digest, run as beat's task function: what it lists, who gets
it, that a person who turned it off gets nothing, and that a second run in
the same week sends nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from assessor import services as assessor_services
from assessor.models import Answer
from assessor.plans import periodic, reminders
from assessor.plans import services as plan_services
from assessor.plans.models import Action

# A Monday 09:00 local: digests are due.
MONDAY = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))
TODAY = MONDAY.date()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def assessment(personas, framework):
    return assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline",
        scope="both",
        targets={},
        user=personas.alice,
    )


def action(assessment, user, title, due, owner=None, status=Action.Status.TODO, **extra):
    dimension = assessment.framework.parsed.dimensions[0]
    return plan_services.action_create(
        organization=assessment.organization,
        assessment=assessment,
        user=user,
        title=title,
        dimension=dimension.key,
        question_keys=[dimension.questions[0].key],
        owner=owner,
        due_date=due,
        status=status,
        **extra,
    )


def stale_evidence(assessment, owner, until=None, n=0):
    question = assessment.framework.parsed.scored_questions[n]
    return Answer.objects.create(
        assessment=assessment,
        question_key=question.key,
        state="answered",
        level=2,
        evidence=f"https://wiki.example.org/evidence-{n}",
        evidence_owner=owner,
        evidence_valid_until=until or days(-3),
    )


def test_bob_hears_about_his_overdue_and_soon_due_actions_only(personas, assessment):
    action(assessment, personas.alice, "Write the rollback runbook", days(-2), owner=personas.bob)
    action(assessment, personas.alice, "Add pipeline tests", days(10), owner=personas.bob)
    action(assessment, personas.alice, "Later work", days(30), owner=personas.bob)
    action(assessment, personas.alice, "Alice's own", days(1), owner=personas.alice)
    action(
        assessment,
        personas.alice,
        "Finished",
        days(-5),
        owner=personas.bob,
        status=Action.Status.DONE,
    )

    digest = reminders.digest_for(personas.bob, TODAY)

    assert [row.item.title for row in digest.overdue] == ["Write the rollback runbook"]
    assert [row.item.title for row in digest.due_soon] == ["Add pipeline tests"]
    assert digest.reviews == [] and digest.expired == []


def test_the_task_sends_one_email_per_person_with_what_needs_them(personas, assessment, settings):
    settings.SITE_URL = "https://assessor.example.org"
    personas.org_a.next_review = days(-1)
    personas.org_a.save()
    late = action(assessment, personas.alice, "Rollback <runbook>", days(-2), owner=personas.bob)
    stale_evidence(assessment, personas.bob)
    stale_evidence(assessment, None, n=1)  # nobody named: the facilitators hear of it

    sent = reminders.digests_send(now=MONDAY)

    assert sent == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == ["alice@example.org", "bob@example.org"]
    bob = by_person["bob@example.org"]
    assert "1 overdue" in bob.subject and "1 answer on expired evidence" in bob.subject
    assert "Rollback <runbook>" in bob.body
    assert f"https://assessor.example.org/orgs/acme/plan/{late.code}/" in bob.body
    assert "https://wiki.example.org/evidence-0" in bob.body
    assert "evidence-1" not in bob.body and "REVIEW DUE" not in bob.body
    html = bob.alternatives[0][0]
    assert "Rollback &lt;runbook&gt;" in html and "<runbook>" not in html
    alice = by_person["alice@example.org"]
    assert "REVIEW DUE" in alice.body and "Acme Payments" in alice.body
    assert "evidence-1" in alice.body and "evidence-0" not in alice.body
    assert "https://assessor.example.org/profile/" in alice.body or "/profile" in alice.body


def test_a_second_run_in_the_same_week_sends_nothing(personas, assessment):
    action(assessment, personas.alice, "Write the runbook", days(-2), owner=personas.bob)

    assert reminders.digests_send(now=MONDAY) == 1
    assert reminders.digests_send(now=MONDAY + datetime.timedelta(hours=1)) == 0
    assert reminders.digests_send(now=MONDAY + datetime.timedelta(days=3)) == 0
    assert len(mail.outbox) == 1

    next_week = MONDAY + datetime.timedelta(days=7)
    assert reminders.digests_send(now=next_week) == 1
    assert len(mail.outbox) == 2


def test_nothing_goes_out_before_monday_morning(personas, assessment, settings):
    settings.REMINDER_DIGEST_HOUR = 7
    action(assessment, personas.alice, "Write the runbook", days(-2), owner=personas.bob)

    assert reminders.digests_send(now=MONDAY.replace(hour=6, minute=59)) == 0
    assert mail.outbox == []


def test_a_person_who_turned_it_off_gets_nothing(personas, assessment):
    personas.bob.email_digests = False
    personas.bob.save()
    action(assessment, personas.alice, "Write the runbook", days(-2), owner=personas.bob)

    assert reminders.digests_send(now=MONDAY) == 0
    assert mail.outbox == []


def test_nothing_to_say_means_no_email(personas, assessment):
    action(assessment, personas.alice, "Far away", days(60), owner=personas.bob)

    assert reminders.digests_send(now=MONDAY) == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_next_run(personas, assessment, settings):
    action(assessment, personas.alice, "Write the runbook", days(-2), owner=personas.bob)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False

    assert reminders.digests_send(now=MONDAY) == 0  # nothing listens on port 9

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.digests_send(now=MONDAY + datetime.timedelta(hours=1)) == 1


def test_evidence_of_a_superseded_or_archived_assessment_is_not_listed(personas, assessment):
    stale_evidence(assessment, personas.bob)
    follow_up = assessor_services.assessment_follow_up(base=assessment, user=personas.alice)

    digest = reminders.digest_for(personas.bob, TODAY)

    # the follow-up carried the answer, owner and day over: listed once, from it
    assert [e.assessment_title for e in digest.expired] == [follow_up.title]
    follow_up.archived_at = timezone.now()
    follow_up.save()
    assert reminders.digest_for(personas.bob, TODAY).expired == []


def test_someone_who_left_the_organization_hears_nothing_of_it(personas, assessment):
    action(assessment, personas.alice, "Write the runbook", days(-2), owner=personas.bob)
    stale_evidence(assessment, personas.bob)
    Membership.objects.filter(user=personas.bob).delete()

    assert reminders.digest_for(personas.bob, TODAY).empty


def test_beats_task_function_sends_this_weeks_digest(personas, assessment, settings):
    settings.REMINDER_DIGEST_HOUR = 0
    today = timezone.localdate()
    action(
        assessment,
        personas.alice,
        "Write the runbook",
        today - datetime.timedelta(days=1),
        owner=personas.bob,
    )

    assert periodic.send_weekly_digests() == 1
    assert periodic.send_weekly_digests() == 0
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
