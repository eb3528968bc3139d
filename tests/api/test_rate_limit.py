"""Rate limits per token, shared by every gunicorn worker through Redis."""

import json
import os
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from accounts import tokens
from tests.api.live import gunicorn, need_live_services
from tests.conftest import need_service


def test_a_token_is_limited_and_another_token_is_not(personas, api, settings):
    settings.API_RATE_LIMIT = "3/minute"
    first, second = api(personas.alice), api(personas.alice)
    assert [first.get("/api/v1/orgs/").status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = first.get("/api/v1/orgs/")
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0
    assert second.get("/api/v1/orgs/").status_code == 200


def test_the_limit_lives_in_redis_when_configured():
    need_service("REDIS_URL (Redis)", bool(os.environ.get("REDIS_URL")))
    assert settings.CACHES["api"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.services
def test_the_limit_holds_across_gunicorn_workers(transactional_db, personas, tmp_path):
    need_live_services()
    need_service("REDIS_URL (Redis)", bool(os.environ.get("REDIS_URL")))
    _, secret = tokens.token_create(user=personas.bob, name="ci", scope="read", expires_at=None)
    with gunicorn(tmp_path, workers=3, API_RATE_LIMIT="10/minute") as base:
        statuses = []
        for _ in range(16):
            # A new connection each time, so the requests spread over the workers.
            request = urllib.request.Request(
                f"{base}/api/v1/orgs/", headers={"Authorization": f"Bearer {secret}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
                    json.load(response)
            except urllib.error.HTTPError as e:
                statuses.append(e.code)
    # Per-process counters would let 3 workers x 10 through.
    assert statuses == [200] * 10 + [429] * 6


def test_the_api_keeps_working_when_the_cache_is_down(personas, api, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.API_RATE_LIMIT = "1/minute"
    client = api(personas.alice)
    assert [client.get("/api/v1/orgs/acme/").status_code for _ in range(2)] == [200, 200]
    assert "API cache unreachable" in caplog.text
    token = personas.alice.tokens.get()
    assert token.last_used_at is not None
