"""The retention purge as it runs in production: the real Celery beat sends
it (every second here) to a real worker, which forgets entries past
AUDIT_RETENTION_DAYS through the database's append-only trigger."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.audit.models import AuditEvent, Kind
from assessor import celery_app
from tests.reports.conftest import need_worker_services, start_worker, worker_database_url
from tests.reports.test_beat import start_beat

pytestmark = pytest.mark.services

TASK = "accounts.audit.periodic.purge_audit_events"


def test_the_schedule_sends_the_purge():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-audit-events"]
    assert entry["task"] == TASK and entry["schedule"] == 24 * 3600


def test_beat_and_a_worker_purge_old_entries(transactional_db, tmp_path):
    need_worker_services()
    now = timezone.now()
    old = AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=40))
    young = AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=20))
    env = {
        "MEDIA_ROOT": str(tmp_path / "media"),
        "AUDIT_RETENTION_DAYS": "30",
        "AUDIT_PURGE_SECONDS": "1",
    }
    celery_app.control.purge()
    worker = start_worker(env, tmp_path)
    beat = start_beat({**env, "DATABASE_URL": worker_database_url()}, tmp_path)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and AuditEvent.objects.filter(pk=old.pk).exists():
            time.sleep(0.2)
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        worker.stop()
    assert not AuditEvent.objects.filter(pk=old.pk).exists(), worker.log.read_text()[-3000:]
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    purge = AuditEvent.objects.get(kind=Kind.AUDIT_PURGED)
    assert purge.detail["entries"] == 1
    assert TASK in (tmp_path / "beat.log").read_text()
    assert TASK in worker.log.read_text()  # found by the worker's autodiscovery
