"""The real Celery beat process (scripts/start-beat.sh) on Redis sends the
periodic recovery every second here; a real worker runs it, finds a render
its dead worker left behind, and renders the report: nobody looks at it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessor import celery_app
from reports import services
from reports.models import Report
from tests.reports.conftest import (
    need_worker_services,
    start_beat,
    start_worker,
    wait_for,
    worker_database_url,
)
from tests.storage import Backend

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def worker_backend(tmp_path_factory) -> Backend:
    """Once is enough here: storage is the other tests' subject."""
    return Backend("filesystem", tmp_path_factory.mktemp("beat-media"))


def test_beat_recovers_a_lost_render_with_nobody_looking(
    transactional_db, worker_settings, tmp_path, assessment, personas, settings
):
    need_worker_services()
    report = services.report_request(assessment=assessment, user=personas.alice)
    # As a worker that died with its machine leaves it: "rendering", its
    # message gone, its start past the hard time limit.
    limit = settings.CELERY_TASK_TIME_LIMIT
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RENDERING,
        started_at=timezone.now() - timedelta(seconds=limit + 25),
        attempts=1,
    )
    # The request's own message must not do the work for beat.
    celery_app.control.purge()

    worker = start_worker(worker_settings.env(), tmp_path)
    beat = start_beat(
        {**worker_settings.env(), "DATABASE_URL": worker_database_url()},
        tmp_path,
        REPORT_RECOVERY_SECONDS="1",
    )
    try:
        wait_for(report, Report.Status.READY, Report.Status.FAILED, timeout=90)
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        worker.stop()

    assert report.status == Report.Status.READY, report.error
    assert report.attempts == 2
    assert worker_settings.names(f"reports/{assessment.code}/") == [report.storage_name]
    beat_log = (tmp_path / "beat.log").read_text()
    assert "reports.periodic.recover_stuck_reports" in beat_log, beat_log[-2000:]
    assert "reports.periodic.recover_stuck_reports" in worker.log.read_text()
