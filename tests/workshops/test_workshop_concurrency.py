"""No vote is lost when a whole room votes at once (real PostgreSQL, real
threads, one connection each), nor when voting closes in the middle."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from assessor.workshops import services
from assessor.workshops.models import Round, Vote
from tests.conftest import need_service
from tests.workshops.conftest import cast, join_as_guest

pytestmark = pytest.mark.services

VOTERS = 40
CHANGES = 3


@pytest.fixture
def postgres(transactional_db):
    need_service("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")


def run_all(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as e:  # collected, then reported by the test
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


def test_concurrent_votes_are_all_stored(postgres, workshop, first_key):
    clients = [join_as_guest(workshop, f"Voter {i}", Client()) for i in range(VOTERS)]

    def voter(i, c):
        def work():
            for n in range(CHANGES):
                r = cast(c, workshop, first_key, str((i + n) % 5), f"voter {i} change {n}")
                assert r.status_code == 200, r.status_code

        return work

    run_all([voter(i, c) for i, c in enumerate(clients)])
    votes = Vote.objects.filter(round__question_key=first_key)
    assert votes.count() == VOTERS
    # Each participant's last vote is the one that counts.
    for v in votes.select_related("participant"):
        i = int(v.participant.display_name.split()[1])
        assert (v.level, v.comment) == ((i + CHANGES - 1) % 5, f"voter {i} change {CHANGES - 1}")
    assert Round.objects.get(question_key=first_key).votes_version == VOTERS * CHANGES


def test_closing_mid_vote_loses_nothing_that_was_accepted(postgres, workshop, first_key):
    clients = [join_as_guest(workshop, f"Voter {i}", Client()) for i in range(VOTERS)]
    accepted = []
    round_ = Round.objects.get(question_key=first_key)

    def voter(c):
        def work():
            r = cast(c, workshop, first_key, "2")
            if "Saved ✓" in r.text:
                accepted.append(c)

        return work

    def closer():
        services.voting_set(round_=round_, is_open=False)

    run_all([voter(c) for c in clients] + [closer])
    # Every vote the phone confirmed is stored; none arrived after the close.
    assert Vote.objects.count() == len(accepted)
    round_.refresh_from_db()
    assert round_.votes_version == len(accepted)
