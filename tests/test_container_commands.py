"""The commands docker-compose.yml runs, run here for real (no Docker engine
on our machines): the web script (migrate, framework sync, collectstatic,
gunicorn) and the worker script (a Celery worker on Redis)."""

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from celery import Celery
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import need_service

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def base_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # CI passes a PostgreSQL database of its own; a laptop gets a fresh file.
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'web.sqlite3'}")
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    # Collected files go to the test's folder, not the checkout that other
    # tests read at the same time.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    return env


def test_web_script_migrates_syncs_and_serves_with_gunicorn(tmp_path):
    port = free_port()
    env = base_env(tmp_path)
    env.update(
        DEBUG="0",
        SECRET_KEY="p" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL="1",
        BIND=f"127.0.0.1:{port}",
        WEB_WORKERS="2",
    )
    proc = subprocess.Popen(
        ["scripts/start-web.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # collectstatic and migrations first: minutes on a loaded 2-core machine.
        deadline = time.monotonic() + 300
        while True:
            try:
                status, _, body = get(base + "/healthz")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn did not come up:\n" + stop(proc))
                time.sleep(0.3)
        assert status == 200 and b'"ok"' in body
        # Production redirects plain HTTP to HTTPS ...
        status, headers, _ = get(base + "/login/")
        assert status == 301 and headers["Location"].startswith("https://")
        # ... and behind the TLS proxy serves pages and compressed static files.
        status, _, body = get(base + "/login/", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b"Sign in" in body
        status, headers, _ = get(base + "/static/css/app.css", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "text/css" in headers["Content-Type"]
        # Metrics add up gunicorn's two processes (PROMETHEUS_MULTIPROC_DIR):
        # every health check counts, whichever process answered it.
        for _ in range(6):
            get(base + "/healthz")
        status, _, body = get(base + "/metrics")
        assert status == 200
        counts = [
            sample.value
            for family in text_string_to_metric_families(body.decode())
            for sample in family.samples
            if sample.name == "django_http_requests_latency_seconds_by_view_method_count"
            and sample.labels.get("view") == "healthz"
        ]
        assert counts and counts[0] >= 7, counts
        assert "assessor_reports" in body.decode()
    finally:
        out = stop(proc)
    assert "devops-mlops-readiness v1:" in out  # the framework sync ran
    assert "Booting worker" in out


def test_worker_script_starts_a_celery_worker_on_redis(tmp_path):
    """As `make worker` runs it: with Celery beat inside (WORKER_BEAT=1)."""
    redis_url = os.environ.get("REDIS_URL", "")
    need_service("REDIS_URL (Redis)", bool(redis_url))
    name = f"ci-{uuid.uuid4().hex[:8]}"
    env = base_env(tmp_path)
    env.update(
        WORKER_NAME=name,
        WORKER_CONCURRENCY="1",
        WORKER_BEAT="1",
        REPORT_RECOVERY_SECONDS="1",
        BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
    )
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["scripts/start-worker.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    app = Celery(broker=redis_url)
    try:
        deadline = time.monotonic() + 60
        replies = None
        while time.monotonic() < deadline and proc.poll() is None:
            replies = app.control.inspect(
                destination=[f"{name}@{socket.gethostname()}"], timeout=1
            ).ping()
            if replies:
                break
        assert replies, "worker did not answer a ping:\n" + log.read_text()
        conf = app.control.inspect(destination=list(replies), timeout=2).conf()
        worker_conf = next(iter(conf.values()))
        # The worker runs with the reliability settings of assessor/settings.py.
        assert worker_conf["CELERY_TASK_ACKS_LATE"] is True
        assert worker_conf["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
        assert worker_conf["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 1
        assert worker_conf["CELERY_TASK_SERIALIZER"] == "json"
        assert worker_conf["CELERY_TASK_TIME_LIMIT"] > worker_conf["CELERY_TASK_SOFT_TIME_LIMIT"]
        # The beat inside sends the recovery every second and the worker runs it.
        done = re.compile(r"Task reports\.periodic\.recover_stuck_reports\[[^\]]+\] succeeded")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not done.search(log.read_text()):
            time.sleep(0.5)
        assert "Sending due task recover-stuck-reports" in log.read_text()
        assert done.search(log.read_text()), log.read_text()[-3000:]
    finally:
        stop(proc)
        app.close()


def test_worker_script_refuses_to_start_without_redis():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    result = subprocess.run(
        ["scripts/start-worker.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "REDIS_URL is not set" in result.stderr
