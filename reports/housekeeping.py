"""Periodic report upkeep, run by Celery beat (tasks in reports/periodic.py,
schedule in CELERY_BEAT_SCHEDULE): renders lost with their worker, versions
past the retention period, files no report refers to. Each function is safe
to run at any time, twice at once, and on either storage.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models import Max, Q
from django.utils import timezone

from reports import services
from reports.models import QUEUE_TIMEOUT, STALE_RENDER_MARGIN, Report

logger = logging.getLogger(__name__)

REPORTS_FOLDER = "reports"
# A file younger than this may belong to a render that has written it and
# not yet marked its row ready: the sweep leaves it alone.
ORPHAN_GRACE = timedelta(hours=1)


def reports_recover_stuck(*, now: datetime | None = None) -> int:
    """Re-queue (or fail) every report whose render was lost, whether or not
    anyone looks at it. Returns how many were acted on."""
    now = now or timezone.now()
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + STALE_RENDER_MARGIN
    candidates = list(
        Report.objects.filter(
            Q(status=Report.Status.RENDERING, started_at__lt=now - limit)
            | Q(status=Report.Status.QUEUED, queued_at__lt=now - QUEUE_TIMEOUT)
        ).defer("snapshot")
    )
    before = {report.pk: (report.status, report.queued_at) for report in candidates}
    services.reports_recover(reports=candidates)
    return sum(1 for r in candidates if (r.status, r.queued_at) != before[r.pk])


def reports_expire(*, now: datetime | None = None) -> int:
    """Delete versions requested more than REPORT_RETENTION_DAYS ago (0 keeps
    everything). The newest ready version of each assessment always stays,
    and so do renders in progress. Returns how many were deleted."""
    days = settings.REPORT_RETENTION_DAYS
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    newest_ready = set(
        Report.objects.filter(status=Report.Status.READY)
        .values("assessment_id")
        .annotate(number=Max("number"))
        .values_list("assessment_id", "number")
    )
    expired = [
        report
        for report in Report.objects.filter(
            requested_at__lt=cutoff, status__in=[Report.Status.READY, Report.Status.FAILED]
        ).defer("snapshot")
        if (report.assessment_id, report.number) not in newest_ready
    ]
    for report in expired:
        services.report_delete(report=report)
    if expired:
        logger.info("expired %s report versions older than %s days", len(expired), days)
    return len(expired)


def report_files_sweep(*, now: datetime | None = None) -> list[str]:
    """Delete stored report files that no report refers to (a report deleted
    while its file could not be, a render finished after its report was
    deleted). Returns the names deleted."""
    now = now or timezone.now()
    storage: Storage = Report.file.field.storage
    stored = list(_walk(storage, REPORTS_FOLDER))
    if not stored:
        return []
    known = set(Report.objects.exclude(file="").values_list("file", flat=True))
    # A render in progress writes its file before it marks the row ready.
    known.update(
        Report.storage_name_for(assessment_code, code, variant)
        for assessment_code, code, variant in Report.objects.filter(
            status__in=[Report.Status.QUEUED, Report.Status.RENDERING]
        ).values_list("assessment__code", "code", "variant")
    )
    deleted = []
    for name in stored:
        if name in known or now - storage.get_modified_time(name) < ORPHAN_GRACE:
            continue
        storage.delete(name)
        deleted.append(name)
    if deleted:
        logger.info("removed %s orphaned report files", len(deleted))
    return deleted


def _walk(storage: Storage, folder: str):
    """Every file name under `folder`, in any storage (listdir works for both)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")
