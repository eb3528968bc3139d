"""A worker killed with SIGKILL while it renders (no warm shutdown, its message
left unacknowledged in Redis): another worker finishes the report once the
status read notices the render is lost. One file in the end."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessor import celery_app
from reports import services
from reports.models import Report
from tests.reports.conftest import (
    need_worker_services,
    pdfinfo,
    start_worker,
    wait_for,
)
from tests.storage import Backend

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def worker_backend(s3_server, tmp_path_factory) -> Backend:
    """The bucket only: a render redone over its own file is tested on both
    storages in-process (test_render.py) and a worker's writes on both in
    test_worker.py; this slow test adds the lost worker."""
    return Backend("s3", tmp_path_factory.mktemp("crash-media"), s3_server, s3_server.new_bucket())


def forget_unacked(report: Report) -> None:
    """Drop the dead worker's unacknowledged message for `report` from Redis.

    Redis would hand it out again after the visibility timeout (12 minutes),
    to whatever worker runs then, maybe a later test run's: a no-op for a
    ready report, but noise in a test that counts attempts.
    """
    with celery_app.connection_for_write() as connection:
        client = connection.default_channel.client
        for tag, payload in client.hgetall("unacked").items():
            message = json.loads(payload)[0]
            if message["headers"].get("argsrepr") == f"({report.id},)":
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


def test_a_report_survives_its_worker_being_killed(
    transactional_db, worker_settings, tmp_path, assessment, personas, login, settings
):
    need_worker_services()
    first = start_worker(worker_settings.env(), tmp_path)
    second = None
    try:
        report = services.report_request(assessment=assessment, user=personas.alice)
        wait_for(report, Report.Status.RENDERING, poll=0.01)

        first.kill()

        report.refresh_from_db()
        assert report.status == Report.Status.RENDERING, "finished before the kill"
        assert report.attempts == 1 and not worker_settings.names(f"reports/{assessment.code}/")
        forget_unacked(report)
        second = start_worker(worker_settings.env(), tmp_path)
        # Until the hard time limit has passed, the render may still be alive.
        poll = reverse("reports:status", args=["acme", assessment.code, report.code])
        client = login(personas.carol)
        assert client.get(poll, headers={"HX-Request": "true"}).status_code == 200
        assert Report.objects.get(pk=report.pk).status == Report.Status.RENDERING
        # Past it, it cannot be: the next status read queues it again.
        gone = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
        Report.objects.filter(pk=report.pk).update(started_at=gone)
        assert client.get(poll, headers={"HX-Request": "true"}).status_code == 200

        wait_for(report, Report.Status.READY, Report.Status.FAILED)

        assert report.status == Report.Status.READY, report.error
        assert report.attempts == 2
        assert worker_settings.names(f"reports/{assessment.code}/") == [report.storage_name]
        data = worker_settings.read(report.storage_name)
        assert report.sha256 == hashlib.sha256(data).hexdigest()
        (tmp_path / "report.pdf").write_bytes(data)
        assert int(pdfinfo(tmp_path / "report.pdf")["Pages"]) >= 15
        assert client.get(poll, headers={"HX-Request": "true"}).status_code == 286
    finally:
        first.kill()
        if second:
            second.stop()
