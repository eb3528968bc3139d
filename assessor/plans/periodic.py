"""Periodic plan tasks, sent by Celery beat (CELERY_BEAT_SCHEDULE in
assessor/settings.py): thin adapters over assessor/plans/reminders.py and
assessor/evidence.py (evidence validity lives with the plan's periodic work)."""

from celery import shared_task
from django.utils import timezone

from assessor import evidence
from assessor.plans import reminders


@shared_task
def send_weekly_digests() -> int:
    return reminders.digests_send()


@shared_task
def refresh_aged_headlines() -> int:
    return evidence.headlines_refresh_aged(timezone.localdate())
