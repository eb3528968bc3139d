"""The two facilitator screens: the projected one (join slide with code and
QR, the question and its levels, how many voted, the distribution only once
revealed, never a name or a comment) and the facilitator's board (who voted
what, comments, consensus); moving between questions; the 304 polls."""

from django.utils.html import escape

from assessor.workshops.models import Round, Workshop
from tests.workshops.conftest import (
    HTMX,
    cast,
    join_as_guest,
    presenter_url,
    scored_keys,
)


def test_the_join_slide_shows_the_code_the_link_and_a_qr_code(personas, workshop, login):
    join_as_guest(workshop, "Gina Ross")
    c = login(personas.alice)
    r = c.get(presenter_url(workshop))
    assert r.status_code == 200
    assert workshop.display_code in r.text and "http://testserver/join/" in r.text
    assert r.text.count("<svg") >= 1 and "<path" in r.text  # the QR code, inline SVG
    # The room sees how many joined, not who: names are on the board only.
    assert "<strong>1</strong> joined" in r.text and "Gina Ross" not in r.text
    board = c.get(presenter_url(workshop, "board"))
    assert "1 joined" in board.text and "Gina Ross" in board.text


def test_the_context_questions_come_first(workshop):
    fw = workshop.assessment.framework.parsed
    keys = workshop.question_keys()
    assert keys[: len(fw.context_questions)] == [q.key for q in fw.context_questions]
    assert keys[len(fw.context_questions) :] == scored_keys(workshop)


def test_next_previous_and_jump(personas, workshop, login):
    c = login(personas.alice)
    keys = scored_keys(workshop)
    r = c.post(presenter_url(workshop, "go"), {"to": keys[0]}, headers=HTMX)
    assert r.status_code == 200 and 'id="facilitator"' in r.text and "<html" not in r.text
    fw = workshop.assessment.framework.parsed
    assert escape(fw.question(keys[0]).text) in r.text
    assert f'value="{keys[1]}"' in r.text  # next
    # The projected screen's own Previous/Next answer with the screen.
    r = c.post(presenter_url(workshop, "go"), {"to": keys[0], "screen": "projector"}, headers=HTMX)
    assert 'id="screen"' in r.text and 'id="facilitator"' not in r.text
    assert all(escape(lv.text) in r.text for lv in fw.question(keys[0]).levels)
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


# Names with a space: a random token in the page can never contain them.
VOTES = [("Ann Lee", "0", "never seen it"), ("Ben Ode", "3", ""), ("Cy Roe", "3", "")]


def test_the_board_shows_the_votes_and_flags_disagreement(personas, workshop, first_key, login):
    for name, level, comment in VOTES:
        cast(join_as_guest(workshop, name), workshop, first_key, level, comment)
    r = login(personas.alice).get(presenter_url(workshop, "board"), headers=HTMX)
    assert 'id="board"' in r.text and "<html" not in r.text
    assert "3 of 3" in r.text and "median 3" in r.text and "spread 3" in r.text
    assert "Discuss:" in r.text and "votes spread over 3 levels (0 to 3)" in r.text
    assert "<strong>Ann Lee</strong>" in r.text and "never seen it" in r.text


def test_the_projected_screen_shows_no_vote_before_the_reveal(personas, workshop, first_key, login):
    for name, level, comment in VOTES:
        cast(join_as_guest(workshop, name), workshop, first_key, level, comment)
    c = login(personas.alice)
    for r in (c.get(presenter_url(workshop)), c.get(presenter_url(workshop), headers=HTMX)):
        assert "<strong>3</strong> of 3 voted" in r.text
        assert "Votes per level" not in r.text and "median" not in r.text
        for name, _, _comment in VOTES:
            assert name not in r.text
        assert "never seen it" not in r.text
    r = c.post(presenter_url(workshop, "reveal"), {"action": "show"}, headers=HTMX)
    assert "Shown on the screen" in r.text
    round_ = Round.objects.get()
    assert round_.revealed and round_.state == "closed"  # revealing closes voting
    screen = c.get(presenter_url(workshop)).text
    assert "How the room voted" in screen and "Votes per level: Level 0 1" in screen
    assert "Level 3 2" in screen and "median 3" in screen
    # Still no names and no comments, even revealed.
    assert "never seen it" not in screen and "Ann Lee" not in screen and "Ben Ode" not in screen
    c.post(presenter_url(workshop, "reveal"), {"action": "hide"})
    assert "Votes per level" not in c.get(presenter_url(workshop)).text
    # Reopening voting hides the votes again too.
    c.post(presenter_url(workshop, "reveal"), {"action": "show"})
    c.post(presenter_url(workshop, "voting"), {"action": "open"})
    round_.refresh_from_db()
    assert not round_.revealed and round_.is_open


def test_the_polls_answer_304_until_a_vote_or_a_join(personas, workshop, first_key, login):
    c = login(personas.alice)
    for name in ("present", "board"):
        etag = c.get(presenter_url(workshop, name), headers=HTMX)["ETag"]
        poll = {**HTMX, "If-None-Match": etag}
        assert c.get(presenter_url(workshop, name), headers=poll).status_code == 304
    g = join_as_guest(workshop)
    r = c.get(presenter_url(workshop, "board"), headers=poll)
    assert r.status_code == 200
    poll["If-None-Match"] = r["ETag"]
    cast(g, workshop, first_key, "1")
    r = c.get(presenter_url(workshop, "board"), headers=poll)
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
    # The board of a closed workshop is a read-only record.
    r = c.get(presenter_url(workshop, "board"))
    assert r.status_code == 200 and "Closed" in r.text and "Close voting" not in r.text
