"""Joining: members with their account, guests with the code and a name;
wrong codes are rate-limited per address; a closed workshop refuses guests."""

import pytest
from django.test import Client
from django.urls import reverse

from assessor.workshops import services
from assessor.workshops.access import COOKIE
from assessor.workshops.models import JoinFailure, Participant
from tests.workshops.conftest import join_as_guest

JOIN = "/join/"


def test_a_guest_joins_with_the_code_and_a_name(workshop):
    c = join_as_guest(workshop, "Gina")
    p = Participant.objects.get()
    assert (p.display_name, p.user, p.workshop) == ("Gina", None, workshop)
    assert COOKIE in c.cookies and c.cookies[COOKIE]["httponly"]
    r = c.get(workshop.participant_url())
    assert r.status_code == 200 and "You are in as <strong>Gina</strong>" in r.text


def test_the_qr_link_prefills_the_code_and_validates_nothing(workshop):
    r = Client().get(reverse("workshops:join_code", args=[workshop.join_code]))
    assert r.status_code == 200 and f'value="{workshop.join_code}"' in r.text
    # A GET never tells whether a code exists: guessing must go through the limited POST.
    assert Client().get("/join/ZZZZZZ/").status_code == 200


def test_a_typed_code_is_forgiving(workshop):
    typed = f" {workshop.join_code[:3].lower()}-{workshop.join_code[3:].lower()} "
    r = Client().post(JOIN, {"code": typed, "name": "Tom"})
    assert r.status_code == 302 and Participant.objects.filter(display_name="Tom").exists()


def test_a_guest_needs_a_name(workshop):
    r = Client().post(JOIN, {"code": workshop.join_code, "name": "   "})
    assert r.status_code == 200 and "Tell the facilitator who you are" in r.text
    assert not Participant.objects.exists()


def test_a_member_joins_with_their_account_once(personas, workshop, login):
    c = login(personas.bob)
    assert c.post(JOIN, {"code": workshop.join_code}).status_code == 302
    assert c.post(JOIN, {"code": workshop.join_code, "name": "Other"}).status_code == 302
    p = Participant.objects.get()
    assert (p.user, p.display_name) == (personas.bob, "Bob Participant")


def test_a_viewer_does_not_vote(personas, workshop, login):
    r = login(personas.carol).post(JOIN, {"code": workshop.join_code})
    assert r.status_code == 403 and "viewers do not vote" in r.text
    assert not Participant.objects.exists()


def test_another_organizations_member_joins_as_a_guest(personas, workshop, login):
    r = login(personas.charlie).post(JOIN, {"code": workshop.join_code, "name": "Charlie"})
    assert r.status_code == 302
    assert Participant.objects.get().user is None


def test_a_wrong_code_is_refused_and_counted(workshop):
    r = Client().post(JOIN, {"code": "ABCDEF" if workshop.join_code != "ABCDEF" else "ABCDEG"})
    assert r.status_code == 200 and "No open workshop has this code" in r.text
    assert JoinFailure.objects.count() == 1 and not Participant.objects.exists()


def test_code_guessing_is_rate_limited_per_address(workshop, monkeypatch):
    monkeypatch.setattr(services, "JOIN_FAILURE_LIMIT", 3)
    wrong = "ABCDEF" if workshop.join_code != "ABCDEF" else "ABCDEG"
    c = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert c.post(JOIN, {"code": wrong, "name": "x"}).status_code == 200
    # Now even the right code is refused from that address...
    r = c.post(JOIN, {"code": workshop.join_code, "name": "x"})
    assert r.status_code == 429 and "Too many wrong codes" in r.text
    assert not Participant.objects.exists()
    # ...but not from another one.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(JOIN, {"code": workshop.join_code, "name": "y"}).status_code == 302


def test_old_failures_expire(workshop, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(services, "JOIN_FAILURE_LIMIT", 1)
    JoinFailure.objects.create(address="127.0.0.1", at=timezone.now() - timedelta(hours=1))
    assert Client().post(JOIN, {"code": workshop.join_code, "name": "z"}).status_code == 302


def test_a_closed_workshop_refuses_guests(workshop, guest):
    services.workshop_close(workshop=workshop)
    r = Client().post(JOIN, {"code": workshop.join_code, "name": "Late"})
    assert "No open workshop has this code" in r.text
    # The guest who was in sees the end, loses the cookie, and is out.
    r = guest.get(workshop.participant_url())
    assert "The workshop has ended" in r.text and "Level 0" not in r.text
    assert guest.cookies[COOKIE].value == ""
    assert guest.get(workshop.participant_url()).status_code == 302


@pytest.mark.parametrize("bad", ["", "ABC", "ABCDEFGH"])
def test_malformed_codes_are_refused(workshop, bad):
    r = Client().post(JOIN, {"code": bad, "name": "x"})
    assert r.status_code == 200 and not Participant.objects.exists()


def test_a_workshop_forgotten_open_no_longer_admits_anyone(workshop):
    from datetime import timedelta

    from django.utils import timezone

    from assessor.workshops.models import Workshop

    Workshop.objects.filter(pk=workshop.pk).update(created_at=timezone.now() - timedelta(hours=15))
    r = Client().post(JOIN, {"code": workshop.join_code, "name": "Late Larry"})
    assert r.status_code == 200 and "No open workshop has this code" in r.text
    assert not Participant.objects.exists()
