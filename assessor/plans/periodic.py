"""Periodic plan tasks, sent by Celery beat (CELERY_BEAT_SCHEDULE in
assessor/settings.py): thin adapters over assessor/plans/reminders.py."""

from celery import shared_task

from assessor.plans import reminders


@shared_task
def send_weekly_digests() -> int:
    return reminders.digests_send()
