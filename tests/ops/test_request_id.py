"""Request ids: echoed as X-Request-ID, in every log line of the request, and
JSON log lines with LOG_FORMAT=json. (That a worker's lines carry the id of
the request that enqueued the task: tests/reports/test_worker.py.)"""

import json
import logging

from assessor import logs


def test_each_response_carries_a_new_id(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_an_id_from_the_proxy_is_kept(client, db):
    r = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert r["X-Request-ID"] == "lb-7f3a9c21-0001"


def test_a_malformed_id_is_replaced(client, db):
    r = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert r["X-Request-ID"] != "bad id\nwith newline" and len(r["X-Request-ID"]) == 32


def test_json_lines_carry_the_request_id():
    record = logging.LogRecord("reports", logging.WARNING, __file__, 1, "v%s lost", (3,), None)
    token = logs.request_id.set("lb-7f3a9c21-0001")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id.reset(token)

    line = json.loads(logs.JsonFormatter().format(record))

    assert line["message"] == "v3 lost" and line["level"] == "WARNING"
    assert line["logger"] == "reports" and line["request_id"] == "lb-7f3a9c21-0001"
    assert line["time"].endswith("+00:00")


def test_the_id_goes_into_the_headers_of_tasks_a_request_enqueues():
    headers = {}
    token = logs.request_id.set("lb-7f3a9c21-0001")
    try:
        logs.add_to_task_headers(headers=headers)
    finally:
        logs.request_id.reset(token)
    assert headers == {"request_id": "lb-7f3a9c21-0001"}
