"""Workshop fixtures: an assessment of Acme with an open workshop, and
helpers to join it as a guest and to vote."""

import os

import pytest
import redis
from django.test import Client
from django.urls import reverse

from assessor import services as assessor_services
from assessor.workshops import services
from assessor.workshops.models import Workshop
from tests.conftest import need_service

HTMX = {"HX-Request": "true"}


def start_assessment(org, user, framework, title="Baseline"):
    return assessor_services.assessment_start(
        organization=org, framework=framework, title=title, scope="both", targets={}, user=user
    )


@pytest.fixture
def assessment(personas, framework):
    return start_assessment(personas.org_a, personas.alice, framework)


@pytest.fixture
def workshop(personas, assessment) -> Workshop:
    ws = services.workshop_open(assessment=assessment, user=personas.alice)
    ws.assessment = assessment
    return ws


def scored_keys(workshop: Workshop) -> list[str]:
    """The workshop's questions voted on with levels (after the context ones)."""
    fw = workshop.assessment.framework.parsed
    return [k for k in workshop.question_keys() if not fw.has_context_question(k)]


@pytest.fixture
def first_key(workshop) -> str:
    """Show the first scored question; its key."""
    key = scored_keys(workshop)[0]
    services.workshop_go(workshop=workshop, key=key)
    return key


def join_as_guest(workshop: Workshop, name: str = "Guest Gina", client: Client | None = None):
    """A fresh browser (no account) joining with the code; the client."""
    c = client or Client()
    r = c.post(reverse("workshops:join"), {"code": workshop.join_code, "name": name})
    assert r.status_code == 302, r.content
    assert r["Location"] == workshop.participant_url()
    return c


@pytest.fixture
def guest(workshop) -> Client:
    return join_as_guest(workshop)


def cast(c: Client, workshop: Workshop, key: str, choice: str, comment: str = "", htmx=True):
    return c.post(
        reverse("workshops:vote", args=[workshop.code]),
        {"question": key, "choice": choice, "comment": comment},
        headers=HTMX if htmx else {},
    )


def presenter_url(workshop: Workshop, name: str = "present") -> str:
    a = workshop.assessment
    return reverse(f"workshops:{name}", args=[a.organization.slug, a.code, workshop.code])


def assessment_urls(a) -> list[str]:
    """The assessment's own pages: wizard, results, history, reports."""
    slug, code = a.organization.slug, a.code
    first = a.framework.parsed.dimensions[0]
    return [
        reverse("assessor:resume", args=[slug, code]),
        reverse("assessor:step", args=[slug, code, "context"]),
        reverse("assessor:step", args=[slug, code, first.key]),
        reverse("assessor:results", args=[slug, code]),
        reverse("assessor:history", args=[slug, code, first.questions[0].key]),
        reverse("reports:list", args=[slug, code]),
    ]


def _redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


@pytest.fixture
def redis_on(settings):
    """The stage cache and the sessions in the test run's Redis."""
    url = _redis_url()
    try:
        reachable = bool(url) and redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        reachable = False
    need_service("Redis (REDIS_URL=redis://...)", reachable)
    settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "sessions-test",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    return redis.Redis.from_url(url)
