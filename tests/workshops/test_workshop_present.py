"""The presenter view: join slide with code and QR, moving between
questions, the live board and its 304 poll, closing voting and the workshop."""

from django.utils.html import escape

from assessor.workshops.models import Round, Workshop
from tests.workshops.conftest import HTMX, cast, join_as_guest, presenter_url


def test_the_join_slide_shows_the_code_the_link_and_a_qr_code(personas, workshop, login):
    join_as_guest(workshop, "Gina")
    r = login(personas.alice).get(presenter_url(workshop))
    assert r.status_code == 200
    assert workshop.display_code in r.text and "http://testserver/join/" in r.text
    assert r.text.count("<svg") >= 1 and "<path" in r.text  # the QR code, inline SVG
    assert "1 joined" in r.text and "Gina" in r.text


def test_next_previous_and_jump(personas, workshop, login):
    c = login(personas.alice)
    keys = workshop.question_keys()
    r = c.post(presenter_url(workshop, "go"), {"to": keys[0]}, headers=HTMX)
    assert r.status_code == 200 and 'id="presenter"' in r.text and "<html" not in r.text
    fw = workshop.assessment.framework.parsed
    assert escape(fw.question(keys[0]).text) in r.text
    assert all(escape(lv.text) in r.text for lv in fw.question(keys[0]).levels)
    assert f'value="{keys[1]}"' in r.text  # next
    c.post(presenter_url(workshop, "go"), {"to": keys[5]})
    workshop.refresh_from_db()
    assert workshop.current_key == keys[5]
    assert Round.objects.filter(workshop=workshop).count() == 2
    c.post(presenter_url(workshop, "go"), {"to": "join"})
    workshop.refresh_from_db()
    assert workshop.current_key == ""


def test_an_unknown_question_is_refused(personas, workshop, login):
    r = login(personas.alice).post(presenter_url(workshop, "go"), {"to": "nope"}, headers=HTMX)
    assert r.status_code == 422 and "not part of this assessment" in r.text


def test_the_board_shows_the_votes_and_flags_disagreement(personas, workshop, first_key, login):
    for name, level, comment in [("A", "0", "never seen it"), ("B", "3", ""), ("C", "3", "")]:
        cast(join_as_guest(workshop, name), workshop, first_key, level, comment)
    r = login(personas.alice).get(presenter_url(workshop), headers=HTMX)
    assert 'id="board"' in r.text and "<html" not in r.text
    assert "3 of 3" in r.text and "median 3" in r.text and "spread 3" in r.text
    assert "Discuss:" in r.text and "votes spread over 3 levels (0 to 3)" in r.text
    assert "never seen it" in r.text


def test_the_board_poll_answers_304_until_a_vote_or_a_join(personas, workshop, first_key, login):
    c = login(personas.alice)
    etag = c.get(presenter_url(workshop), headers=HTMX)["ETag"]
    poll = {**HTMX, "If-None-Match": etag}
    assert c.get(presenter_url(workshop), headers=poll).status_code == 304
    g = join_as_guest(workshop)
    r = c.get(presenter_url(workshop), headers=poll)
    assert r.status_code == 200
    poll["If-None-Match"] = r["ETag"]
    cast(g, workshop, first_key, "1")
    r = c.get(presenter_url(workshop), headers=poll)
    assert r.status_code == 200 and "1 of 1" in r.text


def test_close_and_reopen_voting(personas, workshop, first_key, login):
    c = login(personas.alice)
    r = c.post(presenter_url(workshop, "voting"), {"action": "close"}, headers=HTMX)
    assert "Reopen voting" in r.text
    assert Round.objects.get().state == "closed"
    c.post(presenter_url(workshop, "voting"), {"action": "open"})
    assert Round.objects.get().state == "open"


def test_closing_the_workshop(personas, workshop, first_key, login, guest):
    cast(guest, workshop, first_key, "2")
    c = login(personas.alice)
    r = c.post(presenter_url(workshop, "close"))
    assert r.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED and workshop.closed_at
    assert Round.objects.get().state == "closed"
    r = cast(guest, workshop, first_key, "3")
    assert r.status_code == 409 and "The workshop has ended" in r.text
    assert Round.objects.get().votes.get().level == 2  # kept, and unchanged
    # The presenter view of a closed workshop is a read-only record.
    r = c.get(presenter_url(workshop))
    assert r.status_code == 200 and "Closed" in r.text and "Close voting" not in r.text
