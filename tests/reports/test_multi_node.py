"""Two web nodes and two workers that share nothing but PostgreSQL, Redis and
the bucket: each runs in a working directory, temp folder and MEDIA_ROOT of
its own. A report requested on one web node is rendered by either worker and
downloaded from the other web node; no node's disk holds it. A live workshop
runs across the two web nodes, its phones polling and voting on either."""

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from email.message import Message
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from assessor import celery_app
from reports.models import Report
from tests.reports.conftest import ROOT, need_worker_services, wait_for, worker_database_url
from tests.storage import Backend, free_port

pytestmark = pytest.mark.services
BIN = Path(sys.executable).parent


def node_env(node: Path, backend: Backend) -> dict[str, str]:
    """A node's own folders; the shared services come from the environment."""
    for folder in ("media", "static", "tmp"):
        (node / folder).mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        backend.env(),
        DATABASE_URL=worker_database_url(),
        MEDIA_ROOT=str(node / "media"),
        STATIC_ROOT=str(node / "static"),
        TMPDIR=str(node / "tmp"),
        PROMETHEUS_MULTIPROC_DIR=str(node / "tmp"),
        # The code is the checkout's; nothing else of it is shared.
        PYTHONPATH=str(ROOT),
    )
    return env


def start(command: list[str], node: Path, env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command, cwd=node, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_web(node: Path, backend: Backend) -> tuple[subprocess.Popen, str]:
    """The gunicorn command of scripts/start-web.sh (the database is migrated already)."""
    port = free_port()
    proc = start(
        [
            str(BIN / "gunicorn"),
            "assessor.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--access-logfile",
            "-",
        ],
        node,
        node_env(node, backend),
        node / "web.log",
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
            return proc, base
        except OSError:
            time.sleep(0.2)
    stop(proc)
    pytest.fail("web node did not start:\n" + (node / "web.log").read_text()[-3000:])


def start_worker(node: Path, backend: Backend) -> subprocess.Popen:
    """The celery command of scripts/start-worker.sh."""
    name = f"node-{uuid.uuid4().hex[:8]}"
    proc = start(
        [
            str(BIN / "celery"),
            "-A",
            "assessor",
            "worker",
            "--concurrency",
            "1",
            "--hostname",
            f"{name}@%h",
            "--loglevel",
            "info",
        ],
        node,
        node_env(node, backend),
        node / "worker.log",
    )
    destination = [f"{name}@{socket.gethostname()}"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if celery_app.control.inspect(destination=destination, timeout=0.5).ping():
            return proc
    stop(proc)
    pytest.fail("worker did not start:\n" + (node / "worker.log").read_text()[-3000:])


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


def http(
    method: str, url: str, cookies: dict, csrf: str = "", form: dict | None = None, **headers
) -> tuple[int, Message, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if csrf:
        headers["X-CSRFToken"] = csrf
        data = urllib.parse.urlencode(form or {}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, method=method, headers=headers, data=data)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_request_on_one_node_render_on_either_worker_download_from_the_other(
    transactional_db, tmp_path, s3_server, assessment, personas, settings
):
    need_worker_services()
    backend = Backend("s3", tmp_path / "test-media", s3_server, s3_server.new_bucket())
    settings.STORAGES = backend.storages(settings.STORAGES["staticfiles"])
    celery_app.control.purge()  # no leftovers of in-process tests for these workers
    nodes = {name: tmp_path / name for name in ("web1", "web2", "worker1", "worker2")}
    procs = []
    try:
        for name in ("worker1", "worker2"):
            procs.append(start_worker(nodes[name], backend))
        web1, base1 = start_web(nodes["web1"], backend)
        procs.append(web1)
        web2, base2 = start_web(nodes["web2"], backend)
        procs.append(web2)

        # Alice's session lives in PostgreSQL, so both nodes know her.
        client = Client()
        client.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
        csrf = uuid.uuid4().hex  # a CSRF secret of our own, sent as cookie and header
        cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
        generate = reverse("reports:generate", args=["acme", assessment.code])

        status, headers, _ = http("POST", base1 + generate, cookies, csrf=csrf)

        assert status == 302, status
        report = Report.objects.get(assessment=assessment)
        wait_for(report, Report.Status.READY, Report.Status.FAILED, timeout=120)
        assert report.status == Report.Status.READY, report.error
        download = reverse("reports:download", args=["acme", assessment.code, report.code])
        status, headers, body = http("GET", base2 + download, cookies)

        assert status == 200 and body.startswith(b"%PDF")
        assert hashlib.sha256(body).hexdigest() == report.sha256
        assert body == backend.read(report.storage_name)
        assert headers["Cache-Control"] == "private, no-store"
        renderers = [
            name
            for name in ("worker1", "worker2")
            if f"report {report.code}: rendered" in (nodes[name] / "worker.log").read_text()
        ]
        assert len(renderers) == 1, renderers
        # Nothing was written to any node's disk: the bucket holds the report.
        for node in nodes.values():
            assert not any((node / "media").rglob("*")), node
        for base in (base1, base2):
            status, _, body = http("GET", base + "/readyz", {})
            assert status == 200, body
    finally:
        for proc in procs:
            stop(proc)


def test_a_workshop_runs_across_two_web_nodes(
    transactional_db, tmp_path, s3_server, assessment, personas, settings
):
    """A phone joins on one node and polls and votes on either: the stage
    version lives in Redis (answered in front of Django on both nodes), the
    stage each node draws for itself, the votes in PostgreSQL."""
    from assessor.workshops import services
    from assessor.workshops.models import Vote
    from tests.workshops.conftest import scored_keys

    need_worker_services()
    backend = Backend("s3", tmp_path / "test-media", s3_server, s3_server.new_bucket())
    settings.REDIS_URL = os.environ["REDIS_URL"]  # the test's own moves publish there too
    ws = services.workshop_open(assessment=assessment, user=personas.alice)
    first, second = scored_keys(ws)[:2]
    services.workshop_go(workshop=ws, key=first)
    procs = []
    try:
        web1, base1 = start_web(tmp_path / "web1", backend)
        procs.append(web1)
        web2, base2 = start_web(tmp_path / "web2", backend)
        procs.append(web2)
        csrf = uuid.uuid4().hex
        cookies = {"csrftoken": csrf}
        status, headers, _ = http(
            "POST", base1 + "/join/", cookies, csrf, {"code": ws.join_code, "name": "Gina"}
        )
        assert status == 302, status
        for set_cookie in headers.get_all("Set-Cookie"):
            name, _, value = set_cookie.split(";", 1)[0].partition("=")
            cookies[name] = value
        assert "workshop" in cookies  # the seat
        stage = ws.participant_url()

        status, headers, body = http("GET", base2 + stage, cookies, **{"HX-Request": "true"})
        assert status == 200 and f'value="{first}"' in body.decode()
        etag = headers["ETag"]
        for base in (base1, base2):
            status, headers, _ = http(
                "GET", base + stage, cookies, **{"HX-Request": "true", "If-None-Match": etag}
            )
            # Answered in front of Django: no request id of Django's middleware.
            assert status == 304 and "X-Request-ID" not in headers, base

        services.workshop_go(workshop=ws, key=second)
        status, headers, body = http(
            "GET", base1 + stage, cookies, **{"HX-Request": "true", "If-None-Match": etag}
        )
        assert status == 200 and f'value="{second}"' in body.decode()
        etag = headers["ETag"]
        status, _, body = http(
            "POST",
            base2 + stage + "vote/",
            cookies,
            csrf,
            {"question": second, "choice": "3", "comment": "on node two"},
            **{"HX-Request": "true"},
        )
        assert status == 200 and "Saved ✓" in body.decode()
        vote = Vote.objects.get(round__workshop=ws, round__question_key=second)
        assert (vote.level, vote.comment) == (3, "on node two")
        # A vote changes nothing the other phones show: both nodes still say 304.
        for base in (base1, base2):
            status, headers, _ = http(
                "GET", base + stage, cookies, **{"HX-Request": "true", "If-None-Match": etag}
            )
            # Answered in front of Django: no request id of Django's middleware.
            assert status == 304 and "X-Request-ID" not in headers, base
    finally:
        for proc in procs:
            stop(proc)
