"""Request ids and log lines a log collector can read.

Every request gets an id: the `X-Request-ID` a proxy in front sent (when it
looks like one) or a new one. It is echoed as a response header, added to
every log line written while the request runs, and carried in the headers of
each Celery task the request enqueues, so the worker's lines for that task
carry it too. `LOG_FORMAT=json` writes one JSON object per line.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
request_id: ContextVar[str] = ContextVar("request_id", default="")
# What we accept from a proxy: short, printable, no spaces (it ends up in logs).
VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        rid = incoming if VALID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id,
    exception text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "")
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# -- Celery: carry the id from the request into the task ----------------------------------


def add_to_task_headers(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: the enqueuing request's id travels with the message."""
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault("request_id", rid)


def set_from_task(task=None, **kwargs) -> None:
    """task_prerun: the task's log lines carry the id of the request behind it.
    (A task run in-process, without REDIS_URL, keeps the request's own id.)"""
    rid = getattr(task.request, "request_id", None) if task else None
    if rid:
        request_id.set(rid)


def clear_after_task(task=None, **kwargs) -> None:
    if task and getattr(task.request, "request_id", None):
        request_id.set("")
