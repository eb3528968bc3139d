"""Report writes on the web side: request, retry, recovery of lost renders, deletion.

Rendering leaves the request through Celery (reports/tasks.py, which calls
reports/rendering.py on the worker), enqueued only once the report row is
committed. The broker being down never surfaces as an
error page: the report is marked failed with a message the user can act on.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from kombu.exceptions import OperationalError as BrokerError

from assessor.models import Assessment
from reports import tasks
from reports.models import Report
from reports.snapshot import take_snapshot

logger = logging.getLogger(__name__)

# Stored on the report in English (a worker has no reader's language);
# error_in_words() gives them in the language of whoever reads them.
BROKER_DOWN = gettext_noop(
    "The report queue is not reachable, so rendering could not start. "
    "Try again in a minute; if it keeps failing, ask your administrator to check "
    "Redis and the report worker."
)
QUEUE_LOST = gettext_noop(
    "No worker picked this report up. Try again; if it keeps failing, ask your "
    "administrator to check that the report worker is running."
)
RENDERS_LOST = gettext_noop(
    "The report worker stopped %(attempts)s times while rendering this report. "
    "Try again; if it keeps failing, ask your administrator to check the worker's "
    "time and memory limits."
)
_RENDERS_LOST = re.compile(re.escape(RENDERS_LOST).replace(re.escape("%(attempts)s"), r"(\d+)"))


def error_in_words(error: str) -> str:
    """A report's stored error for its reader: ours translated, a renderer's as it is."""
    if error in (BROKER_DOWN, QUEUE_LOST):
        return gettext(error)
    lost = _RENDERS_LOST.fullmatch(error)
    if lost:
        return gettext(RENDERS_LOST) % {"attempts": lost.group(1)}
    return error


PANEL_SIZE = 3


def report_request(
    *, assessment: Assessment, user, variant: str = Report.Variant.STANDARD
) -> Report:
    """Snapshot the assessment as it is now and queue the render of a new
    version in `variant` (PDF, PDF/A, DOCX or PPTX)."""
    with transaction.atomic():
        # Lock the assessment so two requests at once get different numbers.
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        answers = list(assessment.answers.select_related("answered_by", "evidence_owner"))
        number = (assessment.reports.aggregate(last=Max("number"))["last"] or 0) + 1
        now = timezone.now()
        report = Report.objects.create(
            assessment=assessment,
            number=number,
            variant=variant,
            snapshot=take_snapshot(
                assessment=assessment,
                answers=answers,
                number=number,
                requested_by=user,
                requested_at=now,
            ),
            requested_by=user,
            requested_at=now,
            queued_at=now,
        )
        _enqueue(report)
    # In-process mode renders during the commit above; callers show the outcome.
    report.refresh_from_db()
    return report


def report_retry(*, report: Report) -> bool:
    """Queue a failed report again (same snapshot). False when it had not failed."""
    with transaction.atomic():
        retried = Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
            status=Report.Status.QUEUED,
            error="",
            attempts=0,
            queued_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
        if retried:
            _enqueue(report)
    report.refresh_from_db()
    return bool(retried)


def reports_recover(*, reports: list[Report]) -> list[Report]:
    """The check on status read: re-queue renders a dead worker left behind,
    fail reports that will not come back. Returns `reports`, refreshed."""
    now = timezone.now()
    for report in reports:
        verdict = report.stuck(now)
        if verdict is None:
            continue
        # Conditional updates: of several polls seeing the same stuck
        # report, exactly one acts on it.
        lost = Report.objects.filter(
            pk=report.pk, status=report.status, started_at=report.started_at
        )
        if report.status == Report.Status.QUEUED:
            lost = lost.filter(queued_at=report.queued_at)
        with transaction.atomic():
            if verdict == "requeue":
                if lost.update(status=Report.Status.QUEUED, queued_at=now, started_at=None):
                    logger.warning("report %s: render lost, queued again", report.code)
                    _enqueue(report)
            else:
                error = (
                    QUEUE_LOST
                    if report.status == Report.Status.QUEUED
                    else RENDERS_LOST % {"attempts": report.attempts}
                )
                lost.update(status=Report.Status.FAILED, error=error, finished_at=now)
        report.refresh_from_db()
    return reports


def reports_latest(*, assessment: Assessment, limit: int = PANEL_SIZE) -> list[Report]:
    """The newest versions for the results page's report panel, checked for lost renders."""
    latest = assessment.reports.select_related("requested_by").defer("snapshot")[:limit]
    return reports_recover(reports=list(latest))


def _enqueue(report: Report) -> None:
    transaction.on_commit(partial(_send, report.pk))


def _send(report_id: int) -> None:
    try:
        tasks.render_report.delay(report_id)
    except BrokerError:
        logger.exception("report id %s: could not reach the broker", report_id)
        Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
            status=Report.Status.FAILED, error=BROKER_DOWN, finished_at=timezone.now()
        )


def report_delete(*, report: Report) -> None:
    """Delete a report version and its file.

    The file goes once the row's deletion has committed, so a rollback never
    leaves a row without its file; a file whose deletion fails after that is
    an orphan that housekeeping.report_files_sweep removes later.
    """
    name = report.file.name
    with transaction.atomic():
        report.delete()
        if name:
            transaction.on_commit(partial(_delete_file, name))


def _delete_file(name: str) -> None:
    try:
        Report.file.field.storage.delete(name)
    except Exception:
        logger.exception("report file %s: could not delete, left for the orphan sweep", name)
