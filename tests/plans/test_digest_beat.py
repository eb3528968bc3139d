"""The real Celery beat process (scripts/start-beat.sh) on Redis sends the
digest task every second here; a real worker runs it and mails through a
real SMTP server on loopback. However often beat fires, Bob gets one email
this week."""

import datetime

import pytest
from django.utils import timezone

from assessor import celery_app
from assessor import services as assessor_services
from assessor.plans import services as plan_services
from tests.reports.conftest import (
    need_worker_services,
    start_beat,
    start_worker,
    worker_database_url,
)

pytestmark = pytest.mark.services


def test_beat_sends_the_weekly_digest_once(
    transactional_db, personas, framework, smtp_server, tmp_path
):
    need_worker_services()
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline",
        scope="both",
        targets={},
        user=personas.alice,
    )
    plan_services.action_create(
        organization=personas.org_a,
        assessment=assessment,
        user=personas.alice,
        title="Write the rollback runbook",
        dimension=assessment.framework.parsed.dimensions[0].key,
        question_keys=[],
        owner=personas.bob,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    celery_app.control.purge()
    env = {
        **smtp_server.smtp_settings(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Whatever the day the test runs: this week's digests are due now.
        "REMINDER_DIGEST_HOUR": "0",
        "REMINDER_CHECK_SECONDS": "1",
    }
    worker = start_worker(env, tmp_path)
    beat = start_beat({**env, "DATABASE_URL": worker_database_url()}, tmp_path)
    try:
        smtp_server.wait_for(1, timeout=90)
        # Let beat fire a few more times: none of them may send again.
        runs_before = worker.log.read_text().count("plans.periodic.send_weekly_digests")
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=30)
        while datetime.datetime.now() < deadline:
            if worker.log.read_text().count("send_weekly_digests") >= runs_before + 4:
                break
            smtp_server.wait_for(2, timeout=1)
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        worker.stop()

    beat_log = (tmp_path / "beat.log").read_text()
    worker_log = worker.log.read_text()
    task = "assessor.plans.periodic.send_weekly_digests"
    assert beat_log.count(task) >= 2, beat_log[-2000:]
    runs = [line for line in worker_log.splitlines() if task in line and "succeeded" in line]
    # the first run sent one email, the others nothing
    assert len(runs) >= 2, worker_log[-3000:]
    assert "succeeded in" in runs[0] and runs[0].rstrip().endswith(": 1"), runs
    assert all(run.rstrip().endswith(": 0") for run in runs[1:]), runs
    assert smtp_server.recipients == [["bob@example.org"]], worker_log[-4000:]
    assert (
        "Write the rollback runbook" in smtp_server.messages[0].get_body(("plain",)).get_content()
    )
