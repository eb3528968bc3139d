"""Content-Security-Policy on every response, and `Cache-Control: private,
no-store` on everything a signed-in user receives: pages, htmx fragments,
exports, PDF downloads and error pages."""

import pytest
from django.test import Client
from django.urls import reverse

from assessor.workshops import services as workshop_services
from tests.security.conftest import World

HTMX = {"HX-Request": "true"}


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_strict_policy(response) -> None:
    d = directives(response)
    assert d["default-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"]
    assert d["base-uri"] == ["'self'"]
    assert d["frame-ancestors"] == ["'none'"]
    assert d["form-action"] == ["'self'"]
    # Nothing widens scripts or styles beyond our own files.
    for name in ("script-src", "style-src", "script-src-attr", "style-src-attr"):
        assert name not in d, name
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_an_anonymous_page_has_the_policy(db):
    r = Client().get(reverse("accounts:login"))
    assert r.status_code == 200
    assert_strict_policy(r)


def _member_urls(w: World) -> dict[str, tuple[str, dict]]:
    a = w.acme.assessment
    slug, code = a.organization.slug, a.code
    first_dimension = a.framework.parsed.dimensions[0].key
    return {
        "dashboard": (reverse("accounts:dashboard"), {}),
        "organization": (reverse("accounts:organization", args=[slug]), {}),
        "wizard step": (reverse("assessor:step", args=[slug, code, first_dimension]), {}),
        "wizard fragment": (reverse("assessor:step", args=[slug, code, "context"]), HTMX),
        "results": (reverse("assessor:results", args=[slug, code]), {}),
        "timeline": (reverse("assessor:timeline", args=[slug]), {}),
        "report status fragment": (
            reverse("reports:status", args=[slug, code, w.acme.report.code]),
            HTMX,
        ),
        "csv export": (reverse("assessor:export_csv", args=[slug, code]), {}),
        "json export": (reverse("assessor:export_json", args=[slug, code]), {}),
        "pdf download": (
            reverse("reports:download", args=[slug, code, w.acme.report.code]),
            {},
        ),
        "presenter board fragment": (
            reverse("workshops:present", args=[slug, code, w.acme.workshop.code]),
            HTMX,
        ),
    }


@pytest.mark.parametrize(
    "what",
    [
        "dashboard",
        "organization",
        "wizard step",
        "wizard fragment",
        "results",
        "timeline",
        "report status fragment",
        "csv export",
        "json export",
        "pdf download",
        "presenter board fragment",
    ],
)
def test_member_responses_are_private_and_carry_the_policy(world, what):
    url, headers = _member_urls(world)[what]
    r = signed_in(world.personas.alice).get(url, headers=headers)
    # 286: htmx's "stop polling", as the report is ready.
    assert r.status_code in (200, 286), (what, r.status_code)
    assert_strict_policy(r)
    assert r["Cache-Control"] == "private, no-store"


def test_the_pdf_is_no_longer_kept_for_an_hour(world):
    """It used to be `private, max-age=3600`: the browser kept the report
    after sign-out for the next person at the same machine."""
    a = world.acme.assessment
    url = reverse("reports:download", args=[a.organization.slug, a.code, world.acme.report.code])
    client = signed_in(world.personas.carol)
    r = client.get(url)
    assert r["Content-Type"] == "application/pdf"
    assert "max-age" not in r["Cache-Control"] and "no-store" in r["Cache-Control"]
    client.post(reverse("accounts:logout"))
    assert client.get(url).status_code == 302  # and nothing cached to fall back on


def test_a_guests_workshop_screen_is_private_too(world):
    ws = world.acme.workshop
    guest = Client()
    r = guest.post(reverse("workshops:join"), {"code": ws.join_code, "name": "Gina"})
    assert r.status_code == 302
    page = guest.get(ws.participant_url())
    poll = guest.get(ws.participant_url(), headers=HTMX)
    unchanged = guest.get(ws.participant_url(), headers={**HTMX, "If-None-Match": poll["ETag"]})
    for r, status in ((page, 200), (poll, 200), (unchanged, 304)):
        assert r.status_code == status
        assert_strict_policy(r)
        assert r["Cache-Control"] == "private, no-store"
    workshop_services.workshop_close(workshop=ws)


@pytest.mark.parametrize(
    ("who", "status"),
    [("charlie", 404), ("carol", 403)],
)
def test_error_pages_carry_the_policy(world, who, status):
    """Another organization's assessment (404), a viewer starting one (403)."""
    a = world.acme.assessment
    user = getattr(world.personas, who)
    url = (
        reverse("assessor:results", args=[a.organization.slug, a.code])
        if status == 404
        else reverse("assessor:start", args=[a.organization.slug])
    )
    r = signed_in(user).get(url)
    assert r.status_code == status
    assert_strict_policy(r)
    assert r["Cache-Control"] == "private, no-store"


def test_method_not_allowed_and_anonymous_404_carry_the_policy(world):
    a = world.acme.assessment
    r = signed_in(world.personas.alice).get(
        reverse("assessor:reopen", args=[a.organization.slug, a.code])
    )
    assert r.status_code == 405
    assert_strict_policy(r)
    r = Client().get("/no/such/page/")
    assert r.status_code == 404
    assert_strict_policy(r)


@pytest.mark.urls("tests.security.boom_urls")
def test_a_server_error_carries_the_policy(world):
    client = signed_in(world.personas.alice)
    client.raise_request_exception = False
    r = client.get("/boom/")
    assert r.status_code == 500
    assert_strict_policy(r)
    assert r["Cache-Control"] == "private, no-store"
