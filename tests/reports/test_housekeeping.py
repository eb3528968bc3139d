"""The periodic report tasks, called directly: lost renders queued again with
nobody looking, old versions expired, orphaned files removed, on both
storages; and deleting a report removes its file."""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessor import services as assessor_services
from reports import housekeeping, periodic, rendering, services
from reports.models import QUEUE_TIMEOUT, Report

PDF = b"%PDF-1.7\n% stored\n%%EOF\n"


def ready(report: Report, *, days_old: float = 0) -> Report:
    Report.file.field.storage.save(report.storage_name, ContentFile(PDF))
    when = timezone.now() - timedelta(days=days_old)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.storage_name,
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        requested_at=when,
    )
    report.refresh_from_db()
    return report


def request(assessment, personas) -> Report:
    return services.report_request(assessment=assessment, user=personas.alice)


def test_deleting_a_report_removes_its_file(
    assessment, personas, backend, django_capture_on_commit_callbacks
):
    keep = ready(request(assessment, personas))
    gone = ready(request(assessment, personas))

    with django_capture_on_commit_callbacks(execute=True):
        services.report_delete(report=gone)

    assert not Report.objects.filter(pk=gone.pk).exists()
    assert backend.names() == [keep.storage_name]


def test_deleting_the_assessment_removes_its_files(
    assessment, other_assessment, personas, backend, django_capture_on_commit_callbacks
):
    ready(request(assessment, personas))
    ready(request(assessment, personas))
    bolt = ready(services.report_request(assessment=other_assessment, user=personas.charlie))

    with django_capture_on_commit_callbacks(execute=True):
        assessor_services.assessment_delete(assessment=assessment, user=personas.alice)

    assert backend.names() == [bolt.storage_name]


def test_a_lost_render_is_queued_again_with_nobody_looking(
    assessment, personas, settings, django_capture_on_commit_callbacks
):
    lost = request(assessment, personas)
    alive = request(assessment, personas)
    limit = settings.CELERY_TASK_TIME_LIMIT
    # 25 s past the hard time limit: within a minute of it, beat's check acts.
    Report.objects.filter(pk=lost.pk).update(
        status=Report.Status.RENDERING,
        started_at=timezone.now() - timedelta(seconds=limit + 25),
        attempts=1,
    )
    Report.objects.filter(pk=alive.pk).update(
        status=Report.Status.RENDERING,
        started_at=timezone.now() - timedelta(seconds=limit - 5),
        attempts=1,
    )

    with django_capture_on_commit_callbacks() as callbacks:
        assert periodic.recover_stuck_reports() == 1

    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == Report.Status.QUEUED and lost.started_at is None
    assert alive.status == Report.Status.RENDERING
    assert len(callbacks) == 1  # the render message is sent again
    assert periodic.recover_stuck_reports() == 0


def test_a_report_nobody_picked_up_fails(assessment, personas):
    report = request(assessment, personas)
    Report.objects.filter(pk=report.pk).update(
        queued_at=timezone.now() - QUEUE_TIMEOUT - timedelta(seconds=1)
    )

    assert housekeeping.reports_recover_stuck() == 1

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED


def test_old_versions_expire_but_the_newest_ready_one_stays(
    assessment, other_assessment, personas, backend, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RETENTION_DAYS = 30
    v1 = ready(request(assessment, personas), days_old=90)
    v2 = ready(request(assessment, personas), days_old=60)
    v3 = request(assessment, personas)  # failed long ago: expires too
    Report.objects.filter(pk=v3.pk).update(
        status=Report.Status.FAILED, requested_at=timezone.now() - timedelta(days=45)
    )
    v4 = ready(request(assessment, personas), days_old=1)
    # Charlie's only version is old, but it is the newest his assessment has.
    bolt = ready(
        services.report_request(assessment=other_assessment, user=personas.charlie), days_old=90
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert periodic.expire_reports() == 3

    assert set(Report.objects.values_list("pk", flat=True)) == {v4.pk, bolt.pk}
    assert backend.names() == sorted([v4.storage_name, bolt.storage_name])
    assert not {v1.storage_name, v2.storage_name} & set(backend.names())


def test_retention_zero_keeps_everything(assessment, personas, settings):
    settings.REPORT_RETENTION_DAYS = 0
    ready(request(assessment, personas), days_old=900)
    ready(request(assessment, personas), days_old=800)

    assert periodic.expire_reports() == 0
    assert Report.objects.count() == 2


def test_orphaned_files_are_removed_after_a_grace_period(assessment, personas, backend):
    kept = ready(request(assessment, personas))
    rendering = request(assessment, personas)
    storage = Report.file.field.storage
    storage.save(rendering.storage_name, ContentFile(PDF))  # written, row not yet ready
    orphan = f"reports/{assessment.code}/00000000-0000-0000-0000-000000000000.pdf"
    storage.save(orphan, ContentFile(PDF))

    # Young files are left alone: a render may be about to mark its row.
    assert periodic.sweep_report_files() == 0
    later = timezone.now() + housekeeping.ORPHAN_GRACE + timedelta(minutes=1)
    assert housekeeping.report_files_sweep(now=later) == [orphan]

    assert backend.names() == sorted([kept.storage_name, rendering.storage_name])


def test_the_sweep_of_an_empty_storage_does_nothing(backend):
    assert housekeeping.report_files_sweep() == []


def test_a_report_deleted_while_it_renders_leaves_no_file(
    assessment, personas, backend, monkeypatch
):
    report = request(assessment, personas)
    real_store = rendering._store

    def store_then_lose_the_row(name, document):
        Report.objects.filter(pk=report.pk).delete()  # someone deletes it meanwhile
        return real_store(name, document)

    monkeypatch.setattr(rendering, "_store", store_then_lose_the_row)
    monkeypatch.setattr(rendering.pdf, "render_pdf", lambda snapshot, pdfa=False: PDF)

    rendering.report_render(report_id=report.id)

    assert backend.names() == []
