"""Report work on the worker side: render a queued report to its file.

The Celery task (reports/tasks.py) calls this; the web side
(reports/services.py) only requests and queues. Neither imports the other.
Every format renders the report's frozen snapshot, through one renderer
module per format.
"""

from __future__ import annotations

import hashlib
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone, translation

from reports import docx, pdf, pptx
from reports.models import Report

logger = logging.getLogger(__name__)


def report_render(*, report_id: int) -> None:
    """Render a queued report to its file; safe to run twice or after a crash.

    A ready or failed report is left alone; a report found "rendering" was
    left behind by a worker that died, and is rendered again over the same
    file name, so there is never more than one file. Database errors
    propagate for the task to retry; any other error fails the report.
    """
    report = Report.objects.select_related("assessment").filter(pk=report_id).first()
    if report is None:
        logger.warning("report id %s: no such report (deleted?), nothing to render", report_id)
        return
    if report.status not in (Report.Status.QUEUED, Report.Status.RENDERING):
        return
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    try:
        document = render_document(report.snapshot, report.variant)
    except SoftTimeLimitExceeded:
        _fail(report, f"Rendering took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} s.")
        return
    except Exception as exc:
        logger.exception("report %s: rendering failed", report.code)
        _fail(report, f"Rendering failed: {type(exc).__name__}: {exc}"[:2000])
        return
    name = _store(report.storage_name, document)
    stored = Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=name,
        size=len(document),
        sha256=hashlib.sha256(document).hexdigest(),
        error="",
        finished_at=timezone.now(),
    )
    if not stored:
        # Deleted while it rendered: its file must not outlive it (if this
        # delete fails, housekeeping's orphan sweep removes the file later).
        Report.file.field.storage.delete(name)
        logger.info("report %s: deleted while rendering, file removed", report.code)
        return
    logger.info("report %s: rendered, %s bytes", report.code, len(document))


def render_document(snapshot: dict, variant: str) -> bytes:
    """The file of one report variant, from its snapshot, in the snapshot's
    language (its headings, dates and numbers; the advice is worded in it
    already). Snapshots from before languages read in English."""
    with translation.override(snapshot.get("language", "en")):
        if variant == Report.Variant.DOCX:
            return docx.render_docx(snapshot)
        if variant == Report.Variant.PPTX:
            return pptx.render_pptx(snapshot)
        return pdf.render_pdf(snapshot, pdfa=variant == Report.Variant.PDFA)


def _store(name: str, document: bytes) -> str:
    """Write the file under its fixed name, replacing a copy a crashed render left."""
    storage = Report.file.field.storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(document))
    if saved != name:
        # Another render of the same report wrote the name in between: the
        # content is the same, keep one file.
        storage.delete(saved)
    return name


def _fail(report: Report, error: str) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, error=error, finished_at=timezone.now()
    )
