"""GET /metrics: Prometheus text format for allow-listed addresses or a token;
request latencies by view (django-prometheus) and the installation's own
figures read from PostgreSQL and Redis."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from assessor.workshops.models import Participant, Workshop
from reports import services
from reports.models import Report
from tests.reports.conftest import answer_everything

OUTSIDER = "203.0.113.9"


def samples(text: str) -> dict[tuple, float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def reports(personas, framework, settings):
    from assessor import services as assessor_services

    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Metrics",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_everything(assessment, personas.alice)
    now = timezone.now()
    made = [services.report_request(assessment=assessment, user=personas.alice) for _ in range(3)]
    for report, seconds in zip(made[:2], (1.5, 40), strict=True):
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.READY,
            started_at=now - timedelta(seconds=seconds),
            finished_at=now,
        )
    Report.objects.filter(pk=made[2].pk).update(status=Report.Status.FAILED)
    # Three people in an open workshop; one in a closed one no longer counts.
    live = Workshop.objects.create(assessment=assessment, created_by=personas.alice)
    Participant.objects.create(workshop=live, display_name="Guest")
    Participant.objects.create(workshop=live, user=personas.bob, display_name="Bob")
    Participant.objects.create(workshop=live, user=personas.carol, display_name="Carol")
    closed = Workshop.objects.create(
        assessment=assessment, created_by=personas.alice, status=Workshop.Status.CLOSED
    )
    Participant.objects.create(workshop=closed, display_name="Gone")
    return made


def test_it_reports_latency_renders_queue_and_participants(client, reports, settings):
    client.get("/healthz")

    r = client.get("/metrics")

    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain")
    text = r.content.decode()
    found = samples(text)
    latency = [
        key
        for key in found
        if key[0] == "django_http_requests_latency_seconds_by_view_method_count"
        and ("view", "healthz") in key[1]
    ]
    assert latency and found[latency[0]] >= 1
    assert found[("assessor_reports", (("status", "ready"),))] == 2
    assert found[("assessor_reports", (("status", "failed"),))] == 1
    assert found[("assessor_reports", (("status", "rendering"),))] == 0
    assert found[("assessor_report_render_seconds_bucket", (("le", "2.0"),))] == 1
    assert found[("assessor_report_render_seconds_bucket", (("le", "60.0"),))] == 2
    assert found[("assessor_report_render_seconds_count", ())] == 2
    assert found[("assessor_report_render_seconds_sum", ())] == pytest.approx(41.5)
    assert found[("assessor_workshop_participants_online", ())] == 3
    if os.environ.get("REDIS_URL"):
        assert found[("assessor_task_queue_length", ())] >= 0


def test_the_queue_length_is_what_waits_in_redis(client, db, settings):
    import redis

    from tests.conftest import need_service

    need_service("REDIS_URL (Redis)", bool(os.environ.get("REDIS_URL")))
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_DEFAULT_QUEUE = queue = "metrics-test-queue"
    server = redis.Redis.from_url(settings.REDIS_URL)
    server.delete(queue)
    server.rpush(queue, "a", "b", "c")
    try:
        found = samples(client.get("/metrics").content.decode())
    finally:
        server.delete(queue)
    assert found[("assessor_task_queue_length", ())] == 3


def test_other_addresses_need_the_token(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"

    assert client.get("/metrics", REMOTE_ADDR=OUTSIDER).status_code == 403
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDER, headers=wrong).status_code == 403
    right = {"Authorization": "Bearer s3cret-metrics-token"}
    r = client.get("/metrics", REMOTE_ADDR=OUTSIDER, headers=right)
    assert r.status_code == 200 and b"assessor_reports" in r.content


def test_the_allow_list_takes_networks(client, db, settings):
    settings.METRICS_ALLOWED_IPS = ["203.0.113.0/24"]
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDER).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.1").status_code == 403


def test_without_a_token_set_no_token_is_accepted(client, db, settings):
    settings.METRICS_TOKEN = ""
    empty = {"Authorization": "Bearer "}
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDER, headers=empty).status_code == 403
