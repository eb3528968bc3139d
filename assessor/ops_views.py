"""Endpoints for the operator's tools, not for people: readiness and metrics.

/healthz (assessor/views.py) says the process is alive; /readyz says whether
this node can do its work, checking each service it needs separately, so a
load balancer stops sending requests to a node that lost one.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
from pathlib import Path

import prometheus_client
import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from prometheus_client import multiprocess

from accounts.network import client_ip
from assessor.metrics import AppCollector

logger = logging.getLogger(__name__)


def readyz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _check(_database),
        "redis": _check(_redis) if settings.REDIS_URL else "not configured",
        "storage": _check(_storage),
    }
    ready = all(result in ("ok", "not configured") for result in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # whatever breaks, the answer is "not ready"
        # The details (host names, bucket) go to the log, not to the public answer.
        logger.warning("readiness: %s failed: %s: %s", probe.__name__, type(exc).__name__, exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def _storage() -> None:
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        # Exists and these credentials may use it.
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
        return
    # The folder (or, before the first report, the folder it will be made in)
    # is writable.
    folder = Path(default_storage.location)
    while not folder.exists():
        folder = folder.parent
    if not (folder.is_dir() and os.access(folder, os.W_OK)):
        raise PermissionError(f"{folder} is not a writable folder")


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for the allow-listed addresses or the token."""
    if not _may_scrape(request):
        return HttpResponseForbidden("Not an allowed address, and no valid token.\n")
    registry = prometheus_client.CollectorRegistry()
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        # gunicorn's worker processes write their samples to files there.
        multiprocess.MultiProcessCollector(registry)
        page = b""
    else:
        page = prometheus_client.generate_latest(prometheus_client.REGISTRY)
    registry.register(AppCollector())
    return HttpResponse(
        page + prometheus_client.generate_latest(registry),
        content_type=prometheus_client.CONTENT_TYPE_LATEST,
    )


def _may_scrape(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and sent and secrets.compare_digest(sent.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
    )
