"""Unchanged polls answered in front of Django (assessor/workshops/unchanged_polls.py).

The front layer may answer only a poll Django would answer 304 itself, and
with the same tag; everything else must reach Django as it came. Every case
below runs through the WSGI application a server runs, on real PostgreSQL
and Redis, on committed transactions as in production.
"""

import time
from unittest import mock

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client

from assessor.workshops import access, live
from tests.workshops.conftest import HTMX, join_as_guest, scored_keys
from tests.workshops.test_workshop_live_cache import poll, warm
from tests.workshops.wsgi_poll import wsgi_get

pytestmark = pytest.mark.usefixtures("redis_on", "transactional_db")


@pytest.fixture
def phone(workshop, first_key) -> Client:
    return join_as_guest(workshop, "Phone", Client())


def _seated(phone: Client) -> str:
    """The value of the phone's seat cookie, its signature checked."""
    request = HttpRequest()
    request.COOKIES = {access.COOKIE: phone.cookies[access.COOKIE].value}
    return request.get_signed_cookie(access.COOKIE, salt=access.COOKIE_SALT)


def stage(workshop, phone, etag, **headers):
    return wsgi_get(phone, workshop.participant_url(), **{**HTMX, "If-None-Match": etag, **headers})


def test_an_unchanged_poll_is_answered_in_front_without_sql(
    workshop, phone, django_assert_num_queries
):
    etag = warm(phone, workshop)
    django_answer = poll(phone, workshop, etag)
    with django_assert_num_queries(0):
        r = stage(workshop, phone, etag)
    assert r.answered_in_front
    assert r.status_code == 304 and r.content == b""
    # What Django's own 304 says about caching, the front layer says too.
    for header in ("ETag", "Cache-Control"):
        assert r[header] == django_answer[header], header
    assert r["Vary"] == "Cookie" and r["X-Content-Type-Options"] == "nosniff"


def test_a_changed_stage_goes_to_django(workshop, phone):
    etag = warm(phone, workshop)
    from assessor.workshops import services

    services.workshop_go(workshop=workshop, key=scored_keys(workshop)[1])
    r = stage(workshop, phone, etag)
    assert not r.answered_in_front
    assert r.status_code == 200 and scored_keys(workshop)[1] in r.text


def _signed_seat(value: str, signed_at: float | None = None) -> str:
    """A seat cookie as the join view signs it (optionally as of `signed_at`)."""
    response = HttpResponse()
    with mock.patch("time.time", return_value=signed_at or time.time()):
        response.set_signed_cookie(access.COOKIE, value, salt=access.COOKIE_SALT)
    return response.cookies[access.COOKIE].value


@pytest.mark.parametrize(
    "case",
    [
        "no seat",
        "a tampered seat",
        "another workshop's seat",
        "an expired seat",
        "a stale tag",
        "not htmx",
        "a POST",
        "a host Django refuses",
        "plain http where Django redirects",
        "no copy in Redis",
        "Redis unreachable",
    ],
)
def test_anything_but_an_unchanged_poll_goes_to_django(
    case, workshop, phone, settings, other_workshop
):
    etag = warm(phone, workshop)
    headers: dict = {}
    method = "GET"
    if case == "no seat":
        phone.cookies.pop(access.COOKIE)
    elif case == "a tampered seat":
        phone.cookies[access.COOKIE] = phone.cookies[access.COOKIE].value.replace(":", ";", 1)
    elif case == "another workshop's seat":
        phone.cookies[access.COOKIE] = _signed_seat(f"{other_workshop.code}:1:")
    elif case == "an expired seat":
        seat = _seated(phone)
        signed_at = time.time() - access.COOKIE_MAX_AGE - 60
        phone.cookies[access.COOKIE] = _signed_seat(seat, signed_at)
    elif case == "a stale tag":
        etag = etag.replace('"p', '"p9')
    elif case == "not htmx":
        headers["HX-Request"] = "false"
    elif case == "a POST":
        method = "POST"
    elif case == "a host Django refuses":
        headers["Host"] = "evil.example"
    elif case == "plain http where Django redirects":
        settings.SECURE_SSL_REDIRECT = True
    elif case == "no copy in Redis":
        live._redis().delete(live._key(workshop.code))
    elif case == "Redis unreachable":
        settings.REDIS_URL = "redis://127.0.0.1:9/0"

    r = wsgi_get(
        phone,
        workshop.participant_url(),
        method=method,
        **{**HTMX, "If-None-Match": etag, **headers},
    )

    assert not r.answered_in_front, case
    if case in ("no copy in Redis", "Redis unreachable"):
        assert r.status_code == 304  # Django's own answer, from the database
    elif case != "plain http where Django redirects":
        # (Django's SecurityMiddleware read the setting when the application
        # started, before this test changed it; the front layer reads it live.)
        assert r.status_code != 304, (case, r.status_code)


@pytest.fixture
def other_workshop(personas, framework):
    from assessor.workshops import services
    from tests.workshops.conftest import start_assessment

    other = start_assessment(personas.org_a, personas.alice, framework, title="Other")
    return services.workshop_open(assessment=other, user=personas.alice)


def test_a_phone_in_its_own_language_is_tagged_with_it(workshop, phone):
    """The language the phone picked rides in its seat; a poll with the tag
    of the other language is not answered 304 by either layer."""
    from django.urls import reverse

    room_tag = warm(phone, workshop)
    language_url = reverse("workshops:participant_language", args=[workshop.code])
    assert phone.post(language_url, {"language": "fr"}).status_code == 302
    assert stage(workshop, phone, room_tag).status_code == 200
    french_tag = poll(phone, workshop)["ETag"]
    assert french_tag != room_tag and french_tag.endswith('fr"')
    r = stage(workshop, phone, french_tag)
    assert r.status_code == 304 and r.answered_in_front
