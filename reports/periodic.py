"""Periodic report tasks, sent by Celery beat (CELERY_BEAT_SCHEDULE in
assessor/settings.py): thin adapters over reports/housekeeping.py.

A module apart from reports/tasks.py: housekeeping re-queues renders through
the services, which send reports.tasks.render_report, so tasks.py importing
it would close an import cycle. assessor/celery.py discovers the `periodic`
module of every app, so later periodic work goes beside its own app.
"""

from celery import shared_task

from reports import housekeeping


@shared_task
def recover_stuck_reports() -> int:
    return housekeeping.reports_recover_stuck()


@shared_task
def expire_reports() -> int:
    return housekeeping.reports_expire()


@shared_task
def sweep_report_files() -> int:
    return len(housekeeping.report_files_sweep())
