"""Fixtures of the report tests: a fully answered workshop, media in a temp
folder, in-process Celery, and real Celery workers on Redis.

Worker tests need PostgreSQL and Redis (a worker is another process, so it
cannot see SQLite's in-memory test database) and commit their data
(`transactional_db`); without them they skip on a laptop and fail in CI.
"""

import os
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from assessor import celery_app
from assessor import services as assessor_services
from assessor.models import Answer
from reports.models import Report
from tests.storage import Backend

ROOT = Path(__file__).resolve().parents[2]
NOTE = "Release train agreed with the CAB; Quokka-7 pipeline handles payments."


def answer_everything(assessment, user) -> None:
    """Every question answered at a level that varies, one note, one evidence link."""
    framework = assessment.framework.parsed
    for n, question in enumerate(framework.scored_questions):
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=question.key,
            defaults={
                "state": "answered",
                "level": (n * 3 + 1) % 5,
                "note": NOTE if n == 0 else "",
                "evidence": "https://wiki.example.org/ci" if n == 0 else "",
                "answered_by": user,
            },
        )
    context = {
        "ai_adoption_stage": "pilots",
        "pilots_reach_production": "rarely",
        "business_objective": "faster_delivery",
        "industry": "finance",
    }
    for key, choice in context.items():
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=key,
            defaults={"state": "answered", "choice": choice},
        )


@pytest.fixture
def assessment(personas, framework):
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_everything(assessment, personas.alice)
    return assessment


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager():
    """Tasks run in-process on `.delay()`, as on a laptop, whatever REDIS_URL says."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- real workers --------------------------------------------------------------------------


@dataclass
class Worker:
    proc: subprocess.Popen
    name: str
    log: Path

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: no warm shutdown, no requeue."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def pool_pids(self) -> list[int]:
        """The worker's pool processes (children of the main process)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (name) state ppid ...": the name may contain spaces.
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids


def worker_database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def need_worker_services() -> None:
    from tests.conftest import need_service

    need_service("REDIS_URL (Redis) for the Celery worker tests", bool(os.environ.get("REDIS_URL")))
    need_service(
        "PostgreSQL (DATABASE_URL) for the Celery worker tests: a worker process cannot "
        "reach SQLite's in-memory test database",
        connection.vendor == "postgresql",
    )


def start_worker(storage_env: dict[str, str], log_dir: Path, **extra: str) -> Worker:
    """scripts/start-worker.sh against the test database and the given storage
    (Backend.env()); returns once it answers pings."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    log = log_dir / f"{name}.log"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=worker_database_url(),
        WORKER_NAME=name,
        WORKER_CONCURRENCY="1",
        **storage_env,
        **extra,
    )
    with log.open("w") as out:
        # Its own session, so a kill reaches the pool processes too.
        proc = subprocess.Popen(
            ["scripts/start-worker.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = Worker(proc, name, log)
    destination = [f"{name}@{socket.gethostname()}"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if celery_app.control.inspect(destination=destination, timeout=0.5).ping():
            return worker
    worker.stop()
    pytest.fail("the worker did not answer a ping:\n" + log.read_text()[-4000:])


def start_beat(env: dict[str, str], log_dir: Path, **extra: str) -> subprocess.Popen:
    """scripts/start-beat.sh with the given environment (a test shortens the
    schedule it watches through `extra`, e.g. REPORT_RECOVERY_SECONDS="1");
    its log goes to log_dir/beat.log. Stop it with terminate()."""
    full = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full.update(env, BEAT_SCHEDULE_FILE=str(log_dir / "beat-schedule"), **extra)
    log = (log_dir / "beat.log").open("w")
    return subprocess.Popen(
        ["scripts/start-beat.sh"],
        cwd=ROOT,
        env=full,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.fixture(scope="module", params=["filesystem", "s3"])
def worker_backend(request, tmp_path_factory) -> Backend:
    """The storage the module's worker writes to: the worker tests run on both."""
    media = tmp_path_factory.mktemp("worker-media")
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        return Backend("s3", media, server, server.new_bucket())
    return Backend("filesystem", media)


@pytest.fixture(scope="module")
def worker(request, django_db_setup, django_db_blocker, worker_backend, tmp_path_factory):
    """One worker shared by a module's tests (a start costs seconds)."""
    with django_db_blocker.unblock():
        need_worker_services()
    worker = start_worker(
        worker_backend.env(), tmp_path_factory.mktemp("worker-logs"), LOG_FORMAT="json"
    )
    yield worker
    worker.stop()


@pytest.fixture
def worker_settings(settings, worker_backend) -> Backend:
    """The test process stores and reads files where the workers write them."""
    settings.MEDIA_ROOT = worker_backend.media
    settings.STORAGES = worker_backend.storages(settings.STORAGES["staticfiles"])
    return worker_backend


def wait_for(report: Report, *statuses: str, timeout: float = 60, poll: float = 0.05) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(poll)
    pytest.fail(f"report still {report.status} after {timeout} s, expected {statuses}")
