"""Requesting and rendering reports in-process: snapshots, versions, idempotency,
failures, retries, and the recovery of renders a dead worker left behind."""

import hashlib
from datetime import timedelta

from django.db import OperationalError
from django.utils import timezone

from assessor.models import Answer
from reports import rendering, services, tasks
from reports.models import MAX_ATTEMPTS, QUEUE_TIMEOUT, Report
from tests.reports.conftest import NOTE


def test_a_request_snapshots_and_queues_on_commit(
    assessment, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(assessment=assessment, user=personas.alice)

    assert len(callbacks) == 1  # the render is sent only once the row is committed
    assert report.status == Report.Status.QUEUED
    assert report.number == 1 and report.requested_by == personas.alice
    snapshot = report.snapshot
    assert snapshot["organization"]["name"] == "Acme Payments"
    assert snapshot["assessment"]["facilitator"] == "Alice Owner"
    assert snapshot["report_number"] == 1
    assert snapshot["scorecard"] == assessment.results().scorecard.to_dict()
    first = snapshot["dimensions"][0]["questions"][0]
    assert first["note"] == NOTE and first["answered_by"] == "Alice Owner"
    assert first["level_text"]
    assert {"pilots"} == {
        choice.key
        for q in assessment.framework.parsed.context_questions
        for choice in q.choices
        if q.key == "ai_adoption_stage" and choice.label == snapshot["context"][0]["answer"]
    }


def test_versions_are_numbered_per_assessment(assessment, other_assessment, personas):
    numbers = [
        services.report_request(assessment=assessment, user=personas.alice).number for _ in range(3)
    ]
    assert numbers == [1, 2, 3]
    assert services.report_request(assessment=other_assessment, user=personas.charlie).number == 1


def test_the_render_writes_one_file_and_marks_ready(assessment, personas, backend):
    report = services.report_request(assessment=assessment, user=personas.alice)

    rendering.report_render(report_id=report.id)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.attempts == 1 and report.error == ""
    assert report.started_at <= report.finished_at
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert report.size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert backend.names() == [report.storage_name]

    rendering.report_render(report_id=report.id)  # a duplicate message: nothing to do

    finished = report.finished_at
    report.refresh_from_db()
    assert report.finished_at == finished and report.attempts == 1
    assert backend.names() == [report.storage_name]


def test_a_render_a_crash_left_behind_is_redone_over_the_same_file(assessment, personas, backend):
    report = services.report_request(assessment=assessment, user=personas.alice)
    rendering.report_render(report_id=report.id)
    report.refresh_from_db()
    sha256 = report.sha256
    # As if the worker died after writing the file, before marking the row ready.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING, sha256="")

    rendering.report_render(report_id=report.id)

    report.refresh_from_db()
    assert report.status == Report.Status.READY and report.attempts == 2
    assert report.sha256 == sha256  # rendering is deterministic
    assert backend.names() == [report.storage_name]
    assert hashlib.sha256(backend.read(report.storage_name)).hexdigest() == sha256


def test_an_old_version_does_not_change_with_the_answers(assessment, personas, backend):
    old = services.report_request(assessment=assessment, user=personas.alice)
    rendering.report_render(report_id=old.id)
    old.refresh_from_db()
    old_snapshot, old_bytes = old.snapshot, old.file.read()

    Answer.objects.filter(assessment=assessment).exclude(level=None).update(level=4)
    Answer.objects.filter(assessment=assessment, note=NOTE).update(note="Changed later.")
    new = services.report_request(assessment=assessment, user=personas.alice)
    rendering.report_render(report_id=new.id)

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.snapshot == old_snapshot
    assert old.file.read() == old_bytes
    assert hashlib.sha256(old_bytes).hexdigest() == old.sha256
    assert new.sha256 != old.sha256
    assert new.snapshot["scorecard"] != old_snapshot["scorecard"]
    assert new.snapshot["dimensions"][0]["questions"][0]["note"] == "Changed later."
    assert len(backend.names()) == 2


def test_a_rendering_error_fails_the_report(assessment, personas, monkeypatch):
    report = services.report_request(assessment=assessment, user=personas.alice)

    def broken(snapshot, *, pdfa=False):
        raise ValueError("no fonts")

    monkeypatch.setattr(rendering.pdf, "render_pdf", broken)
    rendering.report_render(report_id=report.id)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "Rendering failed: ValueError: no fonts"
    assert report.finished_at is not None and not report.file


def test_a_failed_report_is_not_rendered_until_retried(assessment, personas, backend):
    report = services.report_request(assessment=assessment, user=personas.alice)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="boom")

    rendering.report_render(report_id=report.id)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.attempts == 0
    assert backend.names() == []


def test_retry_queues_a_failed_report_again(
    assessment, personas, django_capture_on_commit_callbacks
):
    report = services.report_request(assessment=assessment, user=personas.alice)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, error="boom", attempts=3
    )

    with django_capture_on_commit_callbacks() as callbacks:
        assert services.report_retry(report=report)

    assert len(callbacks) == 1
    assert report.status == Report.Status.QUEUED
    assert report.error == "" and report.attempts == 0
    assert not services.report_retry(report=report)  # only failed reports


def test_the_task_retries_database_errors(assessment, personas, eager, monkeypatch):
    report = services.report_request(assessment=assessment, user=personas.alice)
    calls = []

    def flaky(*, report_id):
        calls.append(report_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(rendering, "report_render", flaky)
    tasks.render_report.delay(report.id)

    assert calls == [report.id, report.id]


def test_the_task_is_configured_to_survive_worker_loss():
    task = tasks.render_report
    assert task.acks_late and task.reject_on_worker_lost
    assert OperationalError in task.autoretry_for
    assert task.retry_backoff and task.max_retries


# -- the check on status read ---------------------------------------------------------------


def stuck(report: Report, **fields) -> Report:
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def long_ago(settings) -> timezone.datetime:
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)


def test_a_render_lost_with_its_worker_is_queued_again(
    assessment, personas, settings, django_capture_on_commit_callbacks
):
    report = services.report_request(assessment=assessment, user=personas.alice)
    report = stuck(
        report, status=Report.Status.RENDERING, started_at=long_ago(settings), attempts=1
    )

    with django_capture_on_commit_callbacks() as callbacks:
        services.reports_recover(reports=[report])

    assert report.status == Report.Status.QUEUED and report.started_at is None
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        services.reports_recover(reports=[report])  # the next poll: nothing to do
    assert callbacks == []


def test_a_render_still_within_its_time_limit_is_left_alone(
    assessment, personas, django_capture_on_commit_callbacks
):
    report = services.report_request(assessment=assessment, user=personas.alice)
    report = stuck(report, status=Report.Status.RENDERING, started_at=timezone.now(), attempts=1)

    with django_capture_on_commit_callbacks() as callbacks:
        services.reports_recover(reports=[report])

    assert report.status == Report.Status.RENDERING and callbacks == []


def test_a_report_that_keeps_killing_its_worker_fails(assessment, personas, settings):
    report = services.report_request(assessment=assessment, user=personas.alice)
    report = stuck(
        report,
        status=Report.Status.RENDERING,
        started_at=long_ago(settings),
        attempts=MAX_ATTEMPTS,
    )

    services.reports_recover(reports=[report])

    assert report.status == Report.Status.FAILED
    assert f"stopped {MAX_ATTEMPTS} times" in report.error


def test_a_report_nobody_picks_up_fails_instead_of_waiting_forever(assessment, personas):
    report = services.report_request(assessment=assessment, user=personas.alice)
    report = stuck(report, queued_at=timezone.now() - QUEUE_TIMEOUT - timedelta(seconds=1))

    services.reports_recover(reports=[report])

    assert report.status == Report.Status.FAILED
    assert "No worker picked this report up" in report.error
