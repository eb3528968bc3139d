"""GET /readyz: the database, Redis and the report storage, each checked
separately from /healthz (liveness)."""

import os

import pytest

from tests.conftest import need_service


@pytest.fixture
def redis_configured(settings):
    need_service("REDIS_URL (Redis)", bool(os.environ.get("REDIS_URL")))
    settings.REDIS_URL = os.environ["REDIS_URL"]


def test_it_is_ready_when_every_service_answers(client, db, backend, redis_configured):
    r = client.get("/readyz")

    assert r.status_code == 200
    assert r.json() == {
        "status": "ready",
        "checks": {"database": "ok", "redis": "ok", "storage": "ok"},
    }


def test_it_says_which_service_is_missing(client, db, settings, redis_configured):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    r = client.get("/readyz")

    assert r.status_code == 503
    checks = r.json()["checks"]
    assert checks["database"] == "ok" and checks["storage"] == "ok"
    assert checks["redis"].startswith("error: ConnectionError")
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_a_missing_bucket_is_not_ready(client, db, settings, s3_server, tmp_path):
    from tests.storage import Backend

    backend = Backend("s3", tmp_path, s3_server, "no-such-bucket")
    settings.STORAGES = backend.storages(settings.STORAGES["staticfiles"])

    r = client.get("/readyz")

    assert r.status_code == 503
    assert r.json()["checks"]["storage"].startswith("error: ClientError")


def test_a_media_folder_that_cannot_be_made_is_not_ready(client, db, settings, tmp_path, caplog):
    (tmp_path / "media").write_text("a file where the folder should be")
    settings.MEDIA_ROOT = tmp_path / "media" / "reports"

    r = client.get("/readyz")

    assert r.status_code == 503
    assert r.json()["checks"]["storage"] == "error: PermissionError"
    # The details are for the operator's log only.
    assert "is not a writable folder" in caplog.text
    assert "is not a writable folder" not in r.text


def test_without_redis_tasks_run_in_process_and_it_is_ready(client, db, settings):
    settings.REDIS_URL = ""
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["checks"]["redis"] == "not configured"


def test_an_unreachable_bucket_is_not_ready(client, db, settings, tmp_path, s3_server):
    from tests.storage import Backend

    backend = Backend("s3", tmp_path, s3_server, "reports")
    storages = backend.storages(settings.STORAGES["staticfiles"])
    storages["default"]["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:1"  # nothing listens
    settings.STORAGES = storages

    r = client.get("/readyz")

    assert r.status_code == 503
    assert r.json()["checks"]["storage"].startswith("error: EndpointConnectionError")
