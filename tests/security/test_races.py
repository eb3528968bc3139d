"""Races, with real PostgreSQL transactions on real threads (one connection
each): two organizations of one name at once, and a burst of wrong workshop
join codes from one address."""

import contextlib
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts import password_reset
from accounts import services as account_services
from accounts.models import Organization, PasswordResetRequest
from assessor.workshops import services as workshop_services
from assessor.workshops.models import JoinFailure
from tests.conftest import need_service

pytestmark = pytest.mark.services


@pytest.fixture
def postgres(transactional_db):
    need_service("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")


def run_all(workers) -> list:
    """Run the callables at once; their results (or exceptions) in order."""
    results: list = [None] * len(workers)

    def run(n, work):
        try:
            results[n] = work()
        except Exception as e:  # reported by the test
            results[n] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def meet_first(monkeypatch, module, name: str, parties: int) -> None:
    """Make every thread's first call of `module.name` return only once all
    threads made theirs: each has checked before anyone acted on it."""
    original = getattr(module, name)
    barrier = threading.Barrier(parties)
    seen = threading.local()

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        if not getattr(seen, "done", False):
            seen.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)
        return result

    monkeypatch.setattr(module, name, wrapper)


def test_two_organizations_of_one_name_at_once(postgres, personas, monkeypatch):
    meet_first(monkeypatch, account_services, "unique_slug", 2)

    def create(user):
        def work():
            c = Client(raise_request_exception=False)
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            r = c.post(
                reverse("accounts:organization_create"),
                {"name": "Nova Analytics", "industry": "other", "size": "1-49"},
            )
            return r.status_code

        return work

    results = run_all([create(personas.alice), create(personas.charlie)])
    assert results == [302, 302], results
    novas = Organization.objects.filter(name="Nova Analytics").order_by("slug")
    assert [o.slug for o in novas] == ["nova-analytics", "nova-analytics-2"]
    # Each creator owns exactly the one they created.
    assert {o.memberships.get().user for o in novas} == {personas.alice, personas.charlie}


def test_the_join_limit_holds_under_a_burst(postgres, personas, framework, monkeypatch):
    from tests.workshops.conftest import start_assessment

    assessment = start_assessment(personas.org_a, personas.alice, framework)
    workshop = workshop_services.workshop_open(assessment=assessment, user=personas.alice)
    limit, burst = 20, 30
    monkeypatch.setattr(workshop_services, "JOIN_FAILURE_LIMIT", limit)
    meet_first(monkeypatch, workshop_services, "join_refused", burst)
    wrong = "ABCDEF" if workshop.join_code != "ABCDEF" else "ABCDEG"

    def guess():
        r = Client(REMOTE_ADDR="203.0.113.9").post(
            reverse("workshops:join"), {"code": wrong, "name": "x"}
        )
        return r.status_code, "No open workshop has this code" in r.text

    results = run_all([guess] * burst)
    assert all(isinstance(r, tuple) for r in results), results
    answered = [r for r in results if r[1]]
    refused = [r for r in results if r[0] == 429]
    # Exactly the limit's worth of guesses got an answer; the rest were refused.
    assert len(answered) == limit, results
    assert len(refused) == burst - limit
    assert JoinFailure.objects.filter(address="203.0.113.9").count() == limit


def test_the_password_reset_limit_holds_under_a_burst(postgres, personas, monkeypatch, settings):
    from django.core import mail

    limit, burst = 3, 8
    settings.PASSWORD_RESET_EMAIL_LIMIT = limit
    meet_first(monkeypatch, password_reset, "over_limit", burst)

    def ask(n):
        def work():
            r = Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                reverse("accounts:password_reset"), {"email": "alice@example.org"}
            )
            return r.status_code

        return work

    results = run_all([ask(n) for n in range(burst)])
    # Exactly the limit's worth of requests sent a mail; the rest were refused.
    assert sorted(results) == [302] * limit + [429] * (burst - limit), results
    assert PasswordResetRequest.objects.filter(email="alice@example.org").count() == limit
    assert len(mail.outbox) == limit
