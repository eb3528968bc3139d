"""A refused request (403) is one line in the log, not a traceback."""

import logging

from django.urls import reverse


def test_a_403_is_logged_as_one_line(personas, login, caplog):
    c = login(personas.bob)  # a participant may not invite
    with caplog.at_level(logging.WARNING, logger="django.request"):
        r = c.post(
            reverse("accounts:members", args=["acme"]), {"email": "x@example.com", "role": "viewer"}
        )
    assert r.status_code == 403
    records = [rec for rec in caplog.records if rec.name == "django.request"]
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert "\n" not in line and "Traceback" not in line
    assert "Forbidden" in line and "/orgs/acme/members/" in line


def test_a_server_error_keeps_its_traceback(personas, login, caplog, monkeypatch):
    from accounts import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.services, "invitation_create", broken)
    c = login(personas.alice)
    c.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        r = c.post(
            reverse("accounts:members", args=["acme"]), {"email": "x@example.com", "role": "viewer"}
        )
    assert r.status_code == 500
    records = [rec for rec in caplog.records if rec.name == "django.request"]
    assert "Traceback" in logging.Formatter().format(records[0])
