"""Participants' polls are answered from Redis while nothing changed, and
every change a phone shows reaches the next poll (assessor/workshops/live.py).

The table below lists each way a participant's stage changes; after each,
a poll sending the ETag it showed before must not be answered 304. These run
on committed transactions (transactional_db), as in production, where the new
version is published once the change commits.
"""

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSession
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessor import services as assessor_services
from assessor.workshops import live, services
from assessor.workshops.models import Round, Vote, Workshop
from tests.conftest import need_service
from tests.workshops.conftest import HTMX, cast, join_as_guest, presenter_url, scored_keys
from tests.workshops.wsgi_poll import wsgi_get


def poll(c: Client, ws: Workshop, etag: str = "", via: str = "django"):
    """The phone's poll through the test client (Django alone) or, `via`
    "wsgi", through the application a server runs, whose front layer answers
    unchanged polls itself (assessor/workshops/unchanged_polls.py)."""
    headers = {**HTMX, "If-None-Match": etag} if etag else HTMX
    url = reverse("workshops:participate", args=[ws.code])
    return wsgi_get(c, url, **headers) if via == "wsgi" else c.get(url, headers=headers)


def warm(c: Client, ws: Workshop, via: str = "django") -> str:
    """Poll until the answer is 304 from the cache; the ETag the phone shows."""
    etag = poll(c, ws)["ETag"]
    assert poll(c, ws, etag, via).status_code == 304  # reads the database once, fills Redis
    return etag


# ---- The mutations a phone must see ----
# Each: (what sets the scene before the phone's cache is warm, the change
# itself, the status of the phone's next poll).


def nothing(facilitator, ws):
    return None


def current_round(ws) -> Round:
    return Round.objects.get(workshop=ws, question_key=ws.current_key)


def go_next(facilitator, ws):
    return facilitator.post(presenter_url(ws, "go"), {"to": scored_keys(ws)[1]})


def go_join_slide(facilitator, ws):
    return facilitator.post(presenter_url(ws, "go"), {"to": "join"})


def close_voting(facilitator, ws):
    return facilitator.post(presenter_url(ws, "voting"), {"action": "close"})


def open_voting(facilitator, ws):
    return facilitator.post(presenter_url(ws, "voting"), {"action": "open"})


def reveal(facilitator, ws):
    return facilitator.post(presenter_url(ws, "reveal"), {"action": "reveal"})


def hide(facilitator, ws):
    return facilitator.post(presenter_url(ws, "reveal"), {"action": "hide"})


def set_consensus(facilitator, ws):
    return facilitator.post(presenter_url(ws, "consensus"), {"decision": "3", "note": ""})


def close_workshop(facilitator, ws):
    return facilitator.post(presenter_url(ws, "close"))


def admin_deletes_workshop(facilitator, ws):
    User.objects.filter(email="alice@example.org").update(is_staff=True, is_superuser=True)
    url = reverse("admin:workshops_workshop_delete", args=[ws.pk])
    return facilitator.post(url, {"post": "yes"})


def assessment_deleted(facilitator, ws):
    assessor_services.assessment_delete(
        assessment=ws.assessment, user=User.objects.get(email="alice@example.org")
    )


MUTATIONS = {
    "the next question": (nothing, go_next, 200),
    "back to the join slide": (nothing, go_join_slide, 200),
    "voting closed": (nothing, close_voting, 200),
    "voting opened again": (close_voting, open_voting, 200),
    "the votes revealed": (nothing, reveal, 200),
    "the votes hidden again": (reveal, hide, 200),
    "the consensus set": (nothing, set_consensus, 200),
    "the workshop closed": (nothing, close_workshop, 200),
    "the workshop deleted in the admin": (nothing, admin_deletes_workshop, 404),
    "the assessment deleted": (nothing, assessment_deleted, 404),
}


@pytest.mark.parametrize("via", ["django", "wsgi"])
@pytest.mark.parametrize("mutation", MUTATIONS)
def test_every_change_reaches_the_next_poll(
    mutation, via, redis_on, transactional_db, personas, framework, login
):
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Live",
        scope="both",
        targets={},
        user=personas.alice,
    )
    ws = services.workshop_open(assessment=assessment, user=personas.alice)
    services.workshop_go(workshop=ws, key=scored_keys(ws)[0])
    facilitator = login(personas.alice)
    phone = join_as_guest(ws, client=Client())
    scene, change, expected = MUTATIONS[mutation]
    scene(facilitator, ws)
    etag = warm(phone, ws, via)

    response = change(facilitator, ws)
    if response is not None:
        assert response.status_code in (200, 302), response.status_code
    r = poll(phone, ws, etag, via)
    assert r.status_code == expected, mutation
    if expected == 200:
        assert r["ETag"] != etag
    if expected == 200 and Workshop.objects.get(pk=ws.pk).is_open:
        # ...and the next poll is quiet again, from the cache. (A closed
        # workshop took the phone's seat instead.)
        assert poll(phone, ws, r["ETag"], via).status_code == 304


def test_votes_and_joins_leave_the_phones_quiet(redis_on, transactional_db, workshop, first_key):
    """A phone shows its own vote (the vote's answer redraws it) and nobody
    else's, nor how many joined: neither wakes the other phones."""
    phone = join_as_guest(workshop, "Phone", Client())
    etag = warm(phone, workshop)
    other = join_as_guest(workshop, "Other", Client())
    assert cast(other, workshop, first_key, "3").status_code == 200
    assert cast(phone, workshop, first_key, "1").status_code == 200
    assert poll(phone, workshop, etag).status_code == 304


def test_an_unchanged_poll_runs_no_sql(
    redis_on, transactional_db, workshop, first_key, django_assert_num_queries
):
    phone = join_as_guest(workshop, "Phone", Client())
    etag = warm(phone, workshop)
    with django_assert_num_queries(0):
        r = poll(phone, workshop, etag)
    assert r.status_code == 304 and r.content == b"" and r["ETag"] == etag
    assert r["Cache-Control"] == "private, no-store"


def test_a_signed_in_members_poll_runs_no_sql_either(
    redis_on, transactional_db, personas, workshop, first_key, django_assert_num_queries
):
    """Bob joins with his account: his session comes from Redis, and nothing
    on the way asks the database who he is."""
    bob = Client()
    bob.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    assert isinstance(bob.session, CachedDbSession)
    join_as_guest(workshop, "ignored for members", bob)
    etag = warm(bob, workshop)
    with django_assert_num_queries(0):
        r = poll(bob, workshop, etag)
    assert r.status_code == 304


def test_a_poll_in_the_middle_of_a_change_cannot_put_the_old_version_back(
    redis_on, transactional_db, workshop, first_key
):
    """The race the forward-only publish exists for: a poll reads the
    database just before a change commits and writes its copy just after the
    writer published the new version."""
    old = Workshop.objects.get(pk=workshop.pk).version
    services.workshop_go(workshop=workshop, key=scored_keys(workshop)[1])
    new = Workshop.objects.get(pk=workshop.pk).version
    client = live._redis()
    live._forward(client, workshop.code, old)  # the late poll's copy
    assert live.stage_version(workshop.code) == new


def test_a_rolled_back_change_leaves_the_database_in_charge(
    redis_on, transactional_db, workshop, first_key
):
    phone = join_as_guest(workshop, "Phone", Client())
    etag = warm(phone, workshop)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.workshop_go(workshop=workshop, key=scored_keys(workshop)[1])
        raise RuntimeError("the request failed after the change")
    assert poll(phone, workshop, etag).status_code == 304


def test_without_redis_the_poll_reads_the_database(
    settings, transactional_db, workshop, first_key, django_assert_num_queries
):
    """A Redis that went away (here: nothing listens on the port) costs a
    poll one query, never an error."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    phone = join_as_guest(workshop, "Phone", Client())
    etag = poll(phone, workshop)["ETag"]
    with django_assert_num_queries(1):
        assert poll(phone, workshop, etag).status_code == 304
    services.workshop_go(workshop=workshop, key=scored_keys(workshop)[1])
    assert poll(phone, workshop, etag).status_code == 200


def test_a_room_polling_and_voting_while_the_question_moves_loses_nothing(
    redis_on, transactional_db, workshop, first_key
):
    """Real PostgreSQL and Redis, a thread per phone: every phone polls
    (from the cache) and votes while the facilitator moves on. Every vote the
    server confirmed is stored, none after the move, and every phone's next
    poll shows the new question."""
    from django.db import connection

    from tests.workshops.test_workshop_concurrency import run_all

    need_service("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")
    phones = [join_as_guest(workshop, f"Phone {i}", Client()) for i in range(20)]
    etags = [warm(c, workshop) for c in phones]
    confirmed: dict[str, str] = {}
    second = scored_keys(workshop)[1]

    def phone(i, c):
        def work():
            for n in range(3):
                assert poll(c, workshop, etags[i]).status_code in (200, 304)
                r = cast(c, workshop, first_key, str((i + n) % 5))
                if r.status_code == 200 and "Saved ✓" in r.text:
                    confirmed[f"Phone {i}"] = str((i + n) % 5)
                else:
                    assert r.status_code == 409, r.status_code

        return work

    def facilitator():
        services.workshop_go(workshop=workshop, key=second)

    run_all([phone(i, c) for i, c in enumerate(phones)] + [facilitator])
    stored = {
        v.participant.display_name: str(v.level)
        for v in Vote.objects.filter(round__question_key=first_key).select_related("participant")
    }
    assert stored == confirmed
    round_ = Round.objects.get(workshop=workshop, question_key=first_key)
    assert round_.votes_version >= len(confirmed)
    for i, c in enumerate(phones):
        r = poll(c, workshop, etags[i])
        assert r.status_code == 200 and second in r.text, i


def test_after_a_move_each_phone_reads_only_its_own_rows(
    redis_on, transactional_db, workshop, first_key, django_assert_num_queries
):
    """The first phone to poll after a move reads the workshop and its round;
    the room's other phones draw the same stage from this process's copy
    (assessor/workshops/stages.py) and read only their seat with their vote
    joined in."""
    first, second = (join_as_guest(workshop, name, Client()) for name in ("First", "Second"))
    etags = [warm(first, workshop), warm(second, workshop)]
    services.workshop_go(workshop=workshop, key=scored_keys(workshop)[1])
    assert poll(first, workshop, etags[0]).status_code == 200
    with django_assert_num_queries(1):
        r = poll(second, workshop, etags[1])
    assert r.status_code == 200 and scored_keys(workshop)[1] in r.content.decode()


def test_a_vote_writes_in_three_statements_and_reads_nothing_back(
    redis_on, transactional_db, workshop, first_key, django_assert_num_queries
):
    """In a room whose phones already show the question (the stage version
    in Redis, the stage in this process), a vote runs in one transaction: the
    seat's right to vote, the round's counter (which checks the question is
    still on screen) and the vote. The answer is drawn from what was written.
    (BEGIN and COMMIT count as two more.)"""
    phone = join_as_guest(workshop, "Phone", Client())
    warm(phone, workshop)
    with django_assert_num_queries(5):
        r = cast(phone, workshop, first_key, "3", "because")
    assert r.status_code == 200
    assert 'value="3" checked' in r.content.decode() and "because" in r.content.decode()
    assert Vote.objects.get(participant__display_name="Phone").level == 3
