"""The app under gunicorn on loopback, against the test database, for tests
that talk to it over real HTTP (Schemathesis, limits across workers)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import need_service

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_live_services() -> None:
    need_service(
        "PostgreSQL (DATABASE_URL): gunicorn cannot reach SQLite's in-memory test database",
        connection.vendor == "postgresql",
    )


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(tmp_path: Path, *, workers: int = 2, **env_overrides):
    """Serve the app; yields its base URL. Tasks go to a queue of their own."""
    port = free_port()
    queue = f"q_live_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=_database_url(),
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_QUEUE=queue,
        DEBUG="1",
        LOG_LEVEL="WARNING",
        **env_overrides,
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "assessor.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", str(workers), "--timeout", "60"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn did not come up:\n" + log.read_text()[-3000:])
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        _drop_queue(queue)
        # Any 5xx traceback is in the log: show it with a failure.
        print(log.read_text()[-5000:])


def _drop_queue(queue: str) -> None:
    """Reports the run requested were queued for nobody: drop them."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return
    import redis

    redis.Redis.from_url(url).delete(queue)
