"""A phone's unchanged poll, answered before Django's request cycle.

A room of a thousand phones polls every 2 s and nearly every poll finds the
stage as the phone shows it. Answering that 304 needs three things: the seat
cookie's signature, the stage version Redis holds (assessor/workshops/live.py)
and the ETag the phone sent. Django's request cycle around them (the
middleware stack, the request and response objects, URL resolving) costs
several times as much CPU as the answer itself, and at 500 polls a second on
two cores that is the difference between keeping up and falling behind.

So this WSGI layer sits in front of Django and answers exactly that case: a
GET of a phone's stage (`/w/<workshop>/`) from htmx, with a valid seat for
that workshop, an allowed host, the scheme Django would not redirect, and an
If-None-Match equal to the version Redis holds. Anything else, including a
missing or unreadable Redis copy, goes to Django untouched, which answers as
it always did (and fills Redis in). The 304 carries what Django's would for
this answer: the ETag, `Cache-Control: private, no-store`, `Vary: Cookie` and
`nosniff`. What it does not get: a request id and django-prometheus' per-view
histogram (it is counted in `assessor_workshop_polls_unchanged_total`
instead; gunicorn's access log lists each one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from prometheus_client import Counter

from accounts.middleware import PRIVATE
from assessor.workshops import access, live

STAGE_PATH = re.compile(r"/w/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/")
NOT_MODIFIED = "304 Not Modified"

ANSWERED = Counter(
    "assessor_workshop_polls_unchanged",
    "Participants' polls answered 304 before Django's request cycle",
)


def etag(version: int, language: str) -> str:
    """What a phone's stage is tagged with: its version and the phone's own
    language (the views tag the rendered stage with the same)."""
    return f'"p{version}{language}"'


def answering_unchanged_polls(app: Callable) -> Callable:
    """`app` (Django's WSGI handler) with unchanged polls answered in front of it."""

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        tag = _unchanged_tag(environ)
        if tag is None:
            return app(environ, start_response)
        ANSWERED.inc()
        start_response(
            NOT_MODIFIED,
            [
                ("ETag", tag),
                ("Cache-Control", PRIVATE),
                ("Vary", "Cookie"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [b""]

    return application


def _unchanged_tag(environ: dict) -> str | None:
    """The ETag to answer 304 with, or None when Django must answer."""
    sent = environ.get("HTTP_IF_NONE_MATCH")
    if not sent or environ.get("REQUEST_METHOD") != "GET":
        return None
    if environ.get("HTTP_HX_REQUEST") != "true":
        return None  # a page load draws the whole page
    # fullmatch, as Django's URL patterns: "/w/<code>/\n" is not the stage.
    found = STAGE_PATH.fullmatch(environ.get("PATH_INFO", ""))
    if found is None or not _host_allowed(environ) or _would_redirect(environ):
        return None
    code = found.group(1)
    seat = _seat(environ, code)
    if seat is None:
        return None
    version = live.published_version(code)
    if version is None:
        return None
    tag = etag(version, seat.language)
    return tag if tag in sent else None


def _seat(environ: dict, code: str) -> access.Seat | None:
    """The seat the request's cookie holds, checked by Django's own signed
    cookie code on a bare request that carries nothing but the cookies."""
    request = HttpRequest()
    request.COOKIES = parse_cookie(environ.get("HTTP_COOKIE", ""))
    return access.seat_of(request, code)


def _host_allowed(environ: dict) -> bool:
    """Django's own host check (a bad Host is Django's 400 to give)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        host = environ["HTTP_X_FORWARDED_HOST"]
    else:
        # An empty Host is Django's 400 to give, not the server's name.
        host = environ["HTTP_HOST"] if "HTTP_HOST" in environ else environ.get("SERVER_NAME", "")
    domain, _ = split_domain_port(host)
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def _would_redirect(environ: dict) -> bool:
    """Whether SecurityMiddleware would send this request to https."""
    if not settings.SECURE_SSL_REDIRECT:
        return False
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() != secure
    return environ.get("wsgi.url_scheme") != "https"
