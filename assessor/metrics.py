"""Application metrics for /metrics, read at scrape time from the shared state.

Reports are rendered by workers on other machines and workshops are polled
through any web node, so counters kept in one process's memory would show a
slice. These figures come from PostgreSQL and Redis, which every node
shares: any node's /metrics tells the whole installation's story. Request
latencies (per process, per view) come from django-prometheus.
"""

from __future__ import annotations

from datetime import timedelta

import redis
from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from assessor.workshops.models import Participant, Workshop
from reports.models import Report

RENDER_BUCKETS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 180.0)
# kombu's Redis transport keeps a queue's messages in one list per priority step.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class AppCollector:
    def collect(self):
        yield self._reports_by_status()
        yield self._render_seconds()
        yield self._workshop_participants()
        if settings.REDIS_URL:
            yield self._queue_length()

    def _reports_by_status(self):
        metric = GaugeMetricFamily(
            "assessor_reports", "Report versions by render status", labels=["status"]
        )
        counts = dict(Report.objects.values_list("status").annotate(n=Count("id")))
        for status in Report.Status.values:
            metric.add_metric([status], counts.get(status, 0))
        return metric

    def _render_seconds(self):
        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        buckets = {
            f"le_{n}": Count("id", filter=Q(took__lte=timedelta(seconds=bound)))
            for n, bound in enumerate(RENDER_BUCKETS)
        }
        totals = (
            Report.objects.filter(status=Report.Status.READY, started_at__isnull=False)
            .exclude(finished_at=None)
            .annotate(took=took)
            .aggregate(count=Count("id"), total=Sum("took"), **buckets)
        )
        return HistogramMetricFamily(
            "assessor_report_render_seconds",
            "How long the reports that are ready took to render",
            buckets=[(str(bound), totals[f"le_{n}"]) for n, bound in enumerate(RENDER_BUCKETS)]
            + [("+Inf", totals["count"])],
            sum_value=(totals["total"] or timedelta()).total_seconds(),
        )

    def _workshop_participants(self):
        return GaugeMetricFamily(
            "assessor_workshop_participants_online",
            "Participants who joined a live workshop that is still open",
            value=Participant.objects.filter(workshop__status=Workshop.Status.OPEN).count(),
        )

    def _queue_length(self):
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        try:
            length = sum(client.llen(queue + suffix) for suffix in PRIORITY_SUFFIXES)
        finally:
            client.close()
        return GaugeMetricFamily(
            "assessor_task_queue_length", "Tasks waiting in the Celery queue", value=length
        )
