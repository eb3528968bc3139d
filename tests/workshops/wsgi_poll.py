"""A phone's poll sent through the whole WSGI application a server runs
(assessor/wsgi.py): the front layer that answers unchanged polls, then
Django. The test client skips that layer, so tests of it go through here."""

from dataclasses import dataclass, field

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from prometheus_client import REGISTRY

from assessor.wsgi import application

ANSWERED_IN_FRONT = "assessor_workshop_polls_unchanged_total"


@dataclass
class WsgiResponse:
    status_code: int
    headers: dict[str, str]
    content: bytes
    answered_in_front: bool
    cookies: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]

    def get(self, name: str, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def text(self) -> str:
        return self.content.decode()


def _answered() -> float:
    return REGISTRY.get_sample_value(ANSWERED_IN_FRONT) or 0.0


def wsgi_get(phone: Client, path: str, method: str = "GET", **headers) -> WsgiResponse:
    """`path` requested with the phone's cookies and `headers`, as a WSGI
    server hands it over."""
    factory = RequestFactory()
    factory.cookies = phone.cookies
    environ = factory.generic(method, path, headers=headers).environ
    before = _answered()
    started: list = []
    # As the test client does: the test's own database connection (and its
    # transaction) must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, lambda status, hdrs, *_: started.append((status, hdrs)))
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    status, hdrs = started[0]
    return WsgiResponse(
        status_code=int(status.split()[0]),
        headers={k.lower(): v for k, v in hdrs if k.lower() != "set-cookie"},
        content=body,
        answered_in_front=_answered() > before,
        cookies=[v for k, v in hdrs if k.lower() == "set-cookie"],
    )
