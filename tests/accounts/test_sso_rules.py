"""Who the provider's word lets in (accounts/sso.py), without a browser.
The whole round trip runs against a real provider in tests/browser/test_sso.py."""

import pytest

from accounts import sso


@pytest.fixture
def configured(settings):
    settings.SSO_ISSUER = "http://127.0.0.1:9/o"  # nothing listens: discovery fails fast
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.SSO_ALLOWED_DOMAINS = ["corp.test"]
    return settings


def test_the_address_must_be_verified_and_in_an_allowed_domain(configured):
    ok = {"email": "Nina@Corp.test ", "email_verified": True}
    assert sso.refusal_of(ok) is None
    assert sso.refusal_of({**ok, "email_verified": "true"}) is None
    assert sso.refusal_of({**ok, "email_verified": False}).reason == "unverified"
    assert sso.refusal_of({**ok, "email_verified": "false"}).reason == "unverified"
    assert sso.refusal_of({"email": "nina@corp.test"}).reason == "unverified"
    assert sso.refusal_of({**ok, "email": "nina@corp.test.evil"}).reason == "domain"
    assert sso.refusal_of({**ok, "email": "nina@sub.corp.test"}).reason == "domain"
    assert sso.refusal_of({"email_verified": True}).reason == "no_email"


def test_a_provider_without_the_verified_claim_can_be_trusted_by_configuration(configured):
    """Entra ID sends no email_verified: SSO_REQUIRE_VERIFIED_EMAIL=0 accepts
    its addresses (in the allowed domains), but never an explicit false."""
    configured.SSO_REQUIRE_VERIFIED_EMAIL = False
    assert sso.refusal_of({"email": "nina@corp.test"}) is None
    assert sso.refusal_of({"email": "nina@corp.test", "email_verified": False}).reason == (
        "unverified"
    )


def test_without_configuration_there_is_no_sso(client, db):
    assert client.get("/login/sso/").status_code == 404
    assert client.get("/login/sso/callback/?code=a&state=b").status_code == 404
    assert "Sign in with" not in client.get("/login/").content.decode()


def test_an_unreachable_provider_is_said_so(client, db, configured):
    sso._discovered.clear()
    response = client.get("/login/sso/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    assert "cannot be reached" in response.content.decode()


def test_a_callback_this_session_did_not_start_is_refused(client, db, configured):
    response = client.get("/login/sso/callback/?code=stolen&state=guessed", follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    assert "did not work" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_join_organization_is_given_only_when_configured(personas, configured):
    user = sso.sso_user_create(email="nina@corp.test", full_name="Nina")
    assert not user.memberships.exists()
    configured.SSO_JOIN_ORGANIZATION = "acme"
    configured.SSO_JOIN_ROLE = "owner"  # never owner: it falls back to viewer
    user = sso.sso_user_create(email="olga@corp.test", full_name="Olga")
    membership = user.memberships.get()
    assert (membership.organization.slug, membership.role) == ("acme", "viewer")


def test_refused_provider_sign_ins_do_not_lock_an_address_out(rf, db, settings):
    """Refusals of the SSO callback are said and audited, not counted by
    django-axes: a few of them must not shut one office out of SSO."""
    from axes.models import AccessAttempt
    from django.contrib.auth import authenticate
    from django.contrib.sessions.backends.db import SessionStore

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        request = rf.get("/login/sso/callback/?code=a&state=b")
        request.session = SessionStore()
        assert authenticate(request, nonce="n", code_verifier="v") is None
    assert not AccessAttempt.objects.exists()
    # Wrong passwords still count.
    request = rf.post("/login/", {"username": "x@corp.test"})
    request.session = SessionStore()
    authenticate(request, username="x@corp.test", password="wrong")
    assert AccessAttempt.objects.count() == 1


def test_only_true_counts_as_verified_whatever_type_the_provider_sends(configured):
    # A claim that is present but not true ("0", 0, "no", null-ish) is no
    # verification, whether SSO_REQUIRE_VERIFIED_EMAIL asks for the claim or not.
    for require in (True, False):
        configured.SSO_REQUIRE_VERIFIED_EMAIL = require
        for unverified in (0, "0", "no", "", [], {}, "False"):
            claims = {"email": "nina@corp.test", "email_verified": unverified}
            assert sso.refusal_of(claims).reason == "unverified", (require, unverified)
        assert sso.refusal_of({"email": "nina@corp.test", "email_verified": " TRUE "}) is None
