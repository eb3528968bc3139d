"""A guest sees the current question of their workshop and nothing else;
another organization gets 404 on every facilitator URL."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessor.workshops import services
from assessor.workshops.models import Vote
from tests.workshops.conftest import (
    assessment_urls,
    cast,
    join_as_guest,
    presenter_url,
    scored_keys,
    start_assessment,
)


def test_a_guest_sees_only_the_current_question(workshop, guest, first_key):
    fw = workshop.assessment.framework.parsed
    current, other = fw.question(first_key), fw.question(scored_keys(workshop)[1])
    r = guest.get(workshop.participant_url())
    assert escape(current.text) in r.text
    assert escape(other.text) not in r.text
    # Voting on another question than the one on screen is refused.
    assert cast(guest, workshop, other.key, "3").status_code == 409
    assert not Vote.objects.exists()


def test_a_guest_cannot_open_any_other_page(personas, workshop, guest, first_key, framework):
    a = workshop.assessment
    other = start_assessment(personas.org_a, personas.alice, framework, "Other")
    urls = [
        *assessment_urls(a),
        *assessment_urls(other),
        presenter_url(workshop),
        presenter_url(workshop, "board"),
        reverse("workshops:start", args=["acme", a.code]),
        reverse("accounts:organization", args=["acme"]),
        reverse("accounts:dashboard"),
    ]
    for url in urls:
        r = guest.get(url)
        # Signed out: every other page sends the guest to the sign-in page.
        assert r.status_code == 302 and r["Location"].startswith("/login/"), url
    for name in ("go", "voting", "reveal", "consensus", "close"):
        r = guest.post(presenter_url(workshop, name), {"to": "join", "decision": "2"})
        assert r.status_code == 302 and r["Location"].startswith("/login/"), name
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.current_key == first_key


def test_a_seat_is_valid_in_its_own_workshop_only(personas, workshop, guest, framework):
    other_assessment = start_assessment(personas.org_a, personas.alice, framework, "Other")
    other = services.workshop_open(assessment=other_assessment, user=personas.alice)
    services.workshop_go(workshop=other, key=scored_keys(other)[0])
    r = guest.get(other.participant_url())
    assert r.status_code == 302 and r["Location"] == "/join/"
    assert cast(guest, other, scored_keys(other)[0], "1").status_code == 200
    # ...that 200 is htmx's client redirect to the join page, nothing stored.
    assert not Vote.objects.exists()


def test_a_forged_cookie_is_no_seat(workshop, first_key):
    c = Client()
    c.cookies["workshop"] = f"{workshop.code}:1"
    assert c.get(workshop.participant_url()).status_code == 302
    assert not Vote.objects.exists()


def test_no_cookie_no_seat(workshop, first_key):
    r = cast(Client(), workshop, first_key, "2", htmx=False)
    assert r.status_code == 302 and r["Location"] == "/join/"
    assert not Vote.objects.exists()


PAGES = ["present", "board"]
ACTIONS = ["go", "voting", "reveal", "consensus", "close"]


@pytest.mark.parametrize("name", PAGES + ACTIONS)
def test_other_organizations_get_404(personas, workshop, first_key, login, name):
    c = login(personas.charlie)
    method = c.get if name in PAGES else c.post
    assert method(presenter_url(workshop, name), {"to": "join"}).status_code == 404


@pytest.mark.parametrize("name", PAGES + ACTIONS)
def test_members_who_do_not_facilitate_get_403(personas, workshop, first_key, login, name):
    for user in (personas.bob, personas.carol):
        c = login(user)
        method = c.get if name in PAGES else c.post
        assert method(presenter_url(workshop, name), {"to": "join"}).status_code == 403


def test_a_workshop_of_another_assessment_is_404(personas, workshop, framework, login):
    other = start_assessment(personas.org_a, personas.alice, framework, "Other")
    url = reverse("workshops:present", args=["acme", other.code, workshop.code])
    assert login(personas.alice).get(url).status_code == 404


def test_a_member_participant_cannot_present(personas, workshop, first_key, login):
    c = login(personas.bob)
    join_as_guest(workshop, client=c)  # bob joins with his account
    assert c.get(workshop.participant_url()).status_code == 200
    assert c.get(presenter_url(workshop)).status_code == 403
