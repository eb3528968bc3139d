"""A real Celery worker on Redis renders reports (not eager mode): the whole
pipeline from request to download, and a pool process killed mid-render."""

import hashlib
import json
import os
import signal
import uuid

import pytest
from django.urls import reverse

from reports import pdf, services
from reports.models import Report
from tests.reports.conftest import NOTE, pdfinfo, pdftotext, wait_for

pytestmark = pytest.mark.services


def test_the_worker_renders_the_report(
    worker, worker_settings, transactional_db, assessment, personas, login, tmp_path
):
    report = services.report_request(assessment=assessment, user=personas.alice)
    assert report.status == Report.Status.QUEUED  # committed and sent to Redis

    wait_for(report, Report.Status.READY, Report.Status.FAILED)

    assert report.status == Report.Status.READY, report.error
    assert worker_settings.names(f"reports/{assessment.code}/") == [report.storage_name]
    data = worker_settings.read(report.storage_name)
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest() and report.size == len(data)
    # The worker rendered exactly the snapshot: the same bytes as rendering it here.
    assert data == pdf.render_pdf(report.snapshot)
    text = " ".join(pdftotext(path).split())
    assert "Acme Payments" in text
    assert report.snapshot["advice"]["path"]["title"] in text
    for dimension in report.snapshot["dimensions"]:
        assert dimension["title"] in text
    assert " ".join(NOTE.split()) in text
    assert 15 <= int(pdfinfo(path)["Pages"]) <= 40

    client = login(personas.carol)
    args = ["acme", assessment.code, report.code]
    assert (
        client.get(reverse("reports:status", args=args), headers={"HX-Request": "true"}).status_code
        == 286
    )
    download = client.get(reverse("reports:download", args=args))
    assert b"".join(download.streaming_content) == data


def test_a_killed_pool_process_is_replaced_and_the_render_redone(
    worker, worker_settings, transactional_db, assessment, personas
):
    report = services.report_request(assessment=assessment, user=personas.alice)
    wait_for(report, Report.Status.RENDERING, poll=0.01)
    pool = worker.pool_pids()
    assert len(pool) == 1, pool

    os.kill(pool[0], signal.SIGKILL)

    # Late ack + reject on worker lost: the message goes back to the queue and
    # the worker's new pool process renders the report from the start.
    wait_for(report, Report.Status.READY, Report.Status.FAILED)
    assert report.status == Report.Status.READY, report.error
    assert report.attempts == 2, "the render finished before the kill; make it slower"
    assert worker_settings.names(f"reports/{assessment.code}/") == [report.storage_name]
    assert report.sha256 == hashlib.sha256(report.file.read()).hexdigest()


def test_the_worker_logs_the_id_of_the_request_that_enqueued_it(
    worker, worker_settings, transactional_db, assessment, personas, login
):
    client = login(personas.alice)
    rid = "lb-" + uuid.uuid4().hex
    r = client.post(
        reverse("reports:generate", args=["acme", assessment.code]),
        headers={"X-Request-ID": rid},
    )
    assert r.status_code == 302 and r["X-Request-ID"] == rid
    report = Report.objects.get(assessment=assessment)

    wait_for(report, Report.Status.READY, Report.Status.FAILED)

    lines = [
        json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")
    ]
    rendered = [line for line in lines if line["message"].startswith(f"report {report.code}")]
    assert rendered and rendered[0]["request_id"] == rid, rendered
