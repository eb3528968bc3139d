"""Celery tasks: thin adapters that take an id and call a service.

The reliability settings live in assessor/settings.py and apply to every
task: late acknowledgement (a message is acked only after the task ran),
re-queue when the worker process dies mid-task, prefetch 1, soft and hard
time limits, and a memory ceiling per worker process. A render lost to a
worker dying with its whole machine is queued again by the periodic
`recover_stuck_reports` (reports/periodic.py), or sooner by
services.reports_recover (web side) when someone looks at the report.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from reports import rendering


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database restarting or failing over is worth waiting for;
    # rendering errors are not (report_render records them on the report).
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
)
def render_report(report_id: int) -> None:
    rendering.report_render(report_id=report_id)
