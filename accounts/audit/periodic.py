"""The audit log's periodic task, sent by Celery beat (CELERY_BEAT_SCHEDULE
in assessor/settings.py): a thin adapter over accounts/audit/retention.py."""

from celery import shared_task

from accounts.audit import retention


@shared_task
def purge_audit_events() -> int:
    return retention.audit_purge()
