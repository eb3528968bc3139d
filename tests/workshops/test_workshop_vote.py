"""Voting from a phone: vote, change it, don't know, comments, closed rounds,
and the poll that costs one query and a 304 while nothing changed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from assessor.workshops import services
from assessor.workshops.models import Round, Vote
from tests.workshops.conftest import HTMX, cast, join_as_guest, scored_keys


def test_it_records_a_vote_and_shows_it_back(workshop, guest, first_key):
    r = cast(guest, workshop, first_key, "2", "Only the payments team")
    assert r.status_code == 200
    assert "Saved ✓" in r.text and "Your vote: Level 2" in r.text
    vote = Vote.objects.get()
    assert (vote.level, vote.comment) == (2, "Only the payments team")
    assert vote.round.question_key == first_key


def test_a_vote_can_change_until_voting_closes(workshop, guest, first_key):
    cast(guest, workshop, first_key, "2")
    cast(guest, workshop, first_key, "unknown", "not sure after all")
    vote = Vote.objects.get()
    assert (vote.level, vote.comment) == (None, "not sure after all")
    round_ = Round.objects.get()
    services.voting_set(round_=round_, is_open=False)
    r = cast(guest, workshop, first_key, "4")
    assert r.status_code == 409 and "Voting is closed" in r.text
    assert Vote.objects.get().level is None
    services.voting_set(round_=round_, is_open=True)
    assert cast(guest, workshop, first_key, "4").status_code == 200
    assert Vote.objects.get().level == 4


def test_a_vote_without_a_level_is_refused(workshop, guest, first_key):
    assert cast(guest, workshop, first_key, "7").status_code == 422
    assert cast(guest, workshop, first_key, "").status_code == 422
    assert not Vote.objects.exists()


def test_a_plain_form_vote_redirects_back(workshop, guest, first_key):
    r = cast(guest, workshop, first_key, "3", htmx=False)
    assert r.status_code == 302 and r["Location"] == workshop.participant_url()
    assert Vote.objects.get().level == 3


def test_each_participant_has_one_vote(workshop, first_key):
    guests = [join_as_guest(workshop, f"G{i}") for i in range(3)]
    for i, g in enumerate(guests):
        cast(g, workshop, first_key, str(i))
        cast(g, workshop, first_key, str(i + 1))
    assert sorted(Vote.objects.values_list("level", flat=True)) == [1, 2, 3]


def test_the_comment_is_escaped_on_the_phone_and_the_board(personas, workshop, first_key, login):
    g = join_as_guest(workshop, "<b>Mallory</b>")
    r = cast(g, workshop, first_key, "1", "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text
    from tests.workshops.conftest import presenter_url

    board = login(personas.alice).get(presenter_url(workshop, "board")).text
    assert "<b>Mallory</b>" not in board and "&lt;b&gt;Mallory&lt;/b&gt;" in board
    assert "<script>alert(1)</script>" not in board


def test_the_poll_answers_304_while_nothing_changed(workshop, guest, first_key):
    r = guest.get(workshop.participant_url(), headers=HTMX)
    etag = r["ETag"]
    assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"
    r = guest.get(workshop.participant_url(), headers={**HTMX, "If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    # Own votes do not change the stage's version...
    cast(guest, workshop, first_key, "2")
    r = guest.get(workshop.participant_url(), headers={**HTMX, "If-None-Match": etag})
    assert r.status_code == 304
    # ...the facilitator moving on does.
    second = scored_keys(workshop)[1]
    services.workshop_go(workshop=workshop, key=second)
    r = guest.get(workshop.participant_url(), headers={**HTMX, "If-None-Match": etag})
    assert r.status_code == 200 and r["ETag"] != etag
    assert escape(workshop.assessment.framework.parsed.question(second).text) in r.text
    assert 'id="stage"' in r.text and "<html" not in r.text


def test_without_redis_the_poll_costs_one_query(
    settings, workshop, guest, first_key, django_assert_num_queries
):
    settings.REDIS_URL = ""  # with Redis it costs none: test_workshop_live_cache.py
    etag = guest.get(workshop.participant_url(), headers=HTMX)["ETag"]
    with django_assert_num_queries(1):
        r = guest.get(workshop.participant_url(), headers={**HTMX, "If-None-Match": etag})
    assert r.status_code == 304


def test_a_changed_stage_and_a_vote_stay_within_a_small_budget(workshop, guest, first_key):
    with CaptureQueriesContext(connection) as render:
        assert guest.get(workshop.participant_url(), headers=HTMX).status_code == 200
    with CaptureQueriesContext(connection) as vote:
        assert cast(guest, workshop, first_key, "2").status_code == 200
    assert len(render) <= 5, [q["sql"] for q in render]
    assert len(vote) <= 8, [q["sql"] for q in vote]


def test_participants_follow_the_slides(workshop, guest, first_key):
    services.workshop_go(workshop=workshop, key="")
    assert "You’re in" in guest.get(workshop.participant_url()).text
    services.workshop_go(workshop=workshop, key=first_key)
    r = guest.get(workshop.participant_url())
    assert 'name="choice" value="4"' in r.text and 'value="unknown"' in r.text


def test_a_comment_too_long_holds_back_only_itself(workshop, first_key, guest):
    cast(guest, workshop, first_key, "1", "Kept")
    r = cast(guest, workshop, first_key, "3", "x" * 501)
    assert r.status_code == 200
    assert "Comment not saved: keep it under 500 characters (it has 501)" in r.text
    vote = Vote.objects.get()
    assert (vote.level, vote.comment) == (3, "Kept")


def test_a_context_question_takes_its_choices(workshop, guest):
    q = workshop.assessment.framework.parsed.context_questions[0]
    services.workshop_go(workshop=workshop, key=q.key)
    r = cast(guest, workshop, q.key, q.choices[0].key)
    assert r.status_code == 200 and f"Your vote: {q.choices[0].label}" in r.text
    assert cast(guest, workshop, q.key, "2").status_code == 422
    assert Vote.objects.get().choice == q.choices[0].key
