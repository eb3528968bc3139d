"""A NUL byte anywhere in a request is a 404 or a form error, never a 500.

PostgreSQL cannot store or compare text with NUL in it ("A string literal
cannot contain NUL"), so a NUL that reaches a query is a server error. The
URL walk is generated from the URL conf, so a new view cannot be forgotten.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Invitation
from assessor.workshops import services as workshop_services

NUL = "%00"


def _routes(resolver=None, prefix=""):
    """Every URL pattern of the project as a route string with <converter:name> parts."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, hostile: str, values: dict[str, str]) -> str:
    """The route with `hostile` as its `hostile` parameter and good values elsewhere."""

    def value(match):
        kind, name = match.group(1) or "str", match.group(2)
        if name == hostile:
            return f"x{NUL}y"
        return values.get(name) or values[kind]

    return "/" + PARAMETER.sub(value, route).lstrip("^").rstrip("$")


def _hostile_urls(values: dict[str, str]) -> list[str]:
    urls = []
    for route in _routes():
        if route.startswith("admin/"):
            continue  # Django's own admin; checked below through its login page
        for match in PARAMETER.finditer(route):
            urls.append(_fill(route, match.group(2), values))
        # A NUL in the query string, for views that read request.GET.
        urls.append(_fill(route, "", values) + f"?page=1{NUL}&dimension={NUL}&before={NUL}")
    return urls


@pytest.fixture
def good_values(personas, framework, other_assessment):
    from tests.workshops.conftest import start_assessment

    assessment = start_assessment(personas.org_a, personas.alice, framework)
    workshop = workshop_services.workshop_open(assessment=assessment, user=personas.alice)
    uuid = str(assessment.code)
    return {
        "slug": "acme",
        "uuid": uuid,
        "str": "x",
        "path": "x",
        "int": "1",
        "code": uuid,
        "workshop": str(workshop.code),
        "report_code": uuid,
        "join_code": workshop.join_code,
    }


def test_the_walk_covers_every_string_parameter(good_values):
    urls = _hostile_urls(good_values)
    assert any(u.startswith(f"/invite/x{NUL}y/") for u in urls)
    assert any(u.startswith(f"/join/x{NUL}y/") for u in urls)
    assert any("/step/x%00y/" in u for u in urls)
    assert any("/questions/x%00y/history/" in u for u in urls)


def test_invite_with_a_nul_byte_is_a_404(db, client):
    assert client.get("/invite/%00/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_no_url_parameter_with_a_nul_byte_is_a_server_error(personas, good_values, who):
    c = Client(raise_request_exception=False)
    if who == "alice":
        c.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    for url in _hostile_urls(good_values):
        for method in (c.get, c.post):
            r = method(url)
            assert r.status_code == 404, (method.__name__, url, r.status_code)


def _form_errors(r) -> bool:
    form = r.context and r.context.get("form")
    return bool(form is not None and form.errors)


PUBLIC_FORMS = {
    "login": (
        reverse("accounts:login"),
        {"username": "alice@example.org", "password": "correct horse battery staple"},
    ),
    "password reset": (reverse("accounts:password_reset"), {"email": "alice@example.org"}),
    "workshop join": (reverse("workshops:join"), {"code": "ABCDEF", "name": "Gina"}),
}


@pytest.mark.parametrize("form", PUBLIC_FORMS)
def test_public_forms_answer_a_nul_byte_with_a_form_error(personas, form):
    url, data = PUBLIC_FORMS[form]
    for field in data:
        c = Client(raise_request_exception=False)
        r = c.post(url, {**data, field: data[field][:3] + "\x00" + data[field][3:]})
        assert r.status_code in (200, 400, 422), (form, field, r.status_code)
        assert _form_errors(r), (form, field)


def test_invited_signup_answers_a_nul_byte_with_a_form_error(personas):
    invitation = Invitation.objects.create(
        organization=personas.org_a, email="dora@example.com", role="participant"
    )
    url = reverse("accounts:accept_invitation", args=[invitation.token])
    data = {
        "full_name": "Dora",
        "password1": "a fine long passphrase",
        "password2": "a fine long passphrase",
    }
    for field in data:
        c = Client(raise_request_exception=False)
        r = c.post(url, {**data, field: "ab\x00" + data[field]})
        assert r.status_code == 200, (field, r.status_code)
        assert _form_errors(r), field
    assert not invitation.organization.memberships.filter(user__email="dora@example.com").exists()


def test_password_reset_confirm_link_with_a_nul_byte(db):
    c = Client(raise_request_exception=False)
    r = c.get("/password/reset/MQ%00/set-password/")
    assert r.status_code == 404


def test_admin_login_with_a_nul_byte(db):
    # The admin's sign-in is the site's: nothing is read from the form.
    c = Client(raise_request_exception=False)
    r = c.post("/admin/login/", {"username": "a\x00@b.test", "password": "x"})
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "workshop"])
def test_a_cookie_with_a_nul_byte_is_ignored(good_values, cookie):
    # "\000" is how a quoted cookie value spells a NUL byte.
    c = Client(raise_request_exception=False, HTTP_COOKIE=f'{cookie}="abcdefgh\\000ijkl"')
    assert c.get(reverse("accounts:login")).status_code == 200
    assert c.get(reverse("accounts:dashboard")).status_code == 302
    assert c.get(f"/w/{good_values['workshop']}/").status_code == 302
    r = c.post(reverse("accounts:login"), {"username": "alice@example.org", "password": "x"})
    assert r.status_code in (200, 403)
