"""Rights are checked when they are used, not when they were handed out: a
member's old workshop seat stops voting when their role or membership goes,
and the "same browser" exemption from answer conflicts belongs to one user."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from assessor.models import Answer
from assessor.workshops import services
from assessor.workshops.models import Vote
from tests.workshops.conftest import HTMX, cast


@pytest.fixture
def bob_seated(personas, workshop, first_key, login):
    """Bob (participant) joined the workshop with his account: his browser holds a seat."""
    c = login(personas.bob)
    r = c.post(reverse("workshops:join"), {"code": workshop.join_code})
    assert r.status_code == 302
    assert cast(c, workshop, first_key, "2").status_code == 200
    assert Vote.objects.get().level == 2
    return c


def test_a_member_demoted_to_viewer_can_no_longer_vote(personas, workshop, first_key, bob_seated):
    account_services.membership_change_role(
        membership=personas.membership(personas.bob, personas.org_a), role="viewer"
    )
    r = cast(bob_seated, workshop, first_key, "4")
    assert r.status_code == 403
    assert Vote.objects.get().level == 2


def test_a_member_removed_can_no_longer_vote(personas, workshop, first_key, bob_seated):
    account_services.membership_remove(membership=personas.membership(personas.bob, personas.org_a))
    r = cast(bob_seated, workshop, first_key, "4", htmx=False)
    assert r.status_code == 302  # back to the join page, with the reason
    assert Vote.objects.get().level == 2


def test_guests_still_vote(workshop, first_key, guest):
    assert cast(guest, workshop, first_key, "3").status_code == 200
    assert Vote.objects.get().level == 3


def test_the_service_refuses_a_stale_member_seat(personas, workshop, first_key, bob_seated):
    participant = Vote.objects.get().participant
    account_services.membership_change_role(
        membership=personas.membership(personas.bob, personas.org_a), role="viewer"
    )
    with pytest.raises(services.SeatRevoked):
        services.vote_cast(
            workshop=workshop,
            participant_id=participant.pk,
            question_key=first_key,
            level=1,
            comment="",
        )


# -- the "same browser" exemption from conflict detection --------------------------------


def answer_post(c, assessment, key, level, version, client_id):
    url = reverse("assessor:answer", args=[assessment.organization.slug, assessment.code])
    return c.post(
        url,
        {
            "question": key,
            "value": str(level),
            "note": "",
            "evidence": "",
            "version": str(version),
            "client": client_id,
        },
        headers=HTMX,
    )


def test_another_user_cannot_borrow_a_browser_id(personas, assessment, login):
    key = assessment.framework.parsed.scored_questions[0].key
    alice = login(personas.alice)
    assert answer_post(alice, assessment, key, 3, 0, "a1b2c3d4e5f60718").status_code == 200
    assert Answer.objects.get(question_key=key).level == 3
    # Bob starts from version 0 too, claiming Alice's tab id: a conflict, not an overwrite.
    bob = login(personas.bob)
    answer_post(bob, assessment, key, 1, 0, "a1b2c3d4e5f60718")
    answer = Answer.objects.get(question_key=key)
    assert (answer.level, answer.answered_by) == (3, personas.alice)


def test_a_tab_still_continues_its_own_saves(personas, assessment, login):
    key = assessment.framework.parsed.scored_questions[0].key
    alice = login(personas.alice)
    answer_post(alice, assessment, key, 3, 0, "a1b2c3d4e5f60718")
    # Her second quick save still names version 0: her own tab, no conflict.
    answer_post(alice, assessment, key, 4, 0, "a1b2c3d4e5f60718")
    assert Answer.objects.get(question_key=key).level == 4


def test_the_workshop_id_from_the_url_does_not_override_a_consensus(
    personas, workshop, first_key, login
):
    services.consensus_set(
        round_=workshop.rounds.get(question_key=first_key),
        user=personas.alice,
        state="answered",
        level=4,
        note="",
    )
    # Bob read the workshop code off the presenter URL and claims to be the workshop.
    bob = login(personas.bob)
    forged = f"workshop-{workshop.code.hex[:20]}"
    answer_post(bob, workshop.assessment, first_key, 0, 0, forged)
    answer = Answer.objects.get(question_key=first_key)
    assert (answer.level, answer.answered_by) == (4, personas.alice)
