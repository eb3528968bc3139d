"""Single sign-on end to end: a real OpenID Connect provider
(django-oauth-toolkit, tests/sso_provider/) runs on loopback, and headless
Chromium signs in through it. No part of the protocol is mocked."""

import pytest
from playwright.sync_api import expect

from accounts import sso
from accounts.models import Membership, SingleSignOnIdentity, User
from tests.conftest import PASSWORD as APP_PASSWORD
from tests.sso_provider.provider import CLIENT_ID, CLIENT_SECRET, PASSWORD, Provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def provider(live_server, tmp_path_factory):
    p = Provider.start(tmp_path_factory.mktemp("oidc"), f"{live_server.url}/login/sso/callback/")
    yield p
    p.stop()


@pytest.fixture
def sso_settings(settings, provider):
    settings.SSO_ISSUER = provider.issuer
    settings.SSO_PROVIDER_NAME = "Corp ID"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.SSO_ALLOWED_DOMAINS = ["corp.test", "example.org"]
    sso._discovered.clear()
    return settings


@pytest.fixture
def events():
    from accounts import signals

    seen = []

    def on_signed_in(sender, user, request, created, **kw):
        seen.append(("signed_in", user.email, created))

    def on_refused(sender, email, request, reason, **kw):
        seen.append(("refused", email, reason))

    signals.sso_signed_in.connect(on_signed_in)
    signals.sso_refused.connect(on_refused)
    yield seen
    signals.sso_signed_in.disconnect(on_signed_in)
    signals.sso_refused.disconnect(on_refused)


def sign_in_at_provider(
    page, live_server, email: str, next_url: str = "", again=False, shot=None
) -> None:
    page.goto(live_server.url + "/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_role("link", name="Sign in with Corp ID").click()
    if again:
        return  # still signed in at the provider: it sends the browser straight back
    expect(page.get_by_role("heading", name="Corp identity provider")).to_be_visible()
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if shot:
        shot("sso-provider")  # the provider's own page, on its own port
    page.get_by_role("button", name="Continue").click()


def test_a_new_person_signs_in_and_gets_an_account(
    live_server, transactional_db, personas, sso_settings, page, screenshot, events
):
    page.goto(live_server.url + "/login/")
    screenshot("sso-login")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot("sso-login-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in_at_provider(page, live_server, "nina.new@corp.test", shot=screenshot)
    expect(page.get_by_role("heading", name="Your client organizations")).to_be_visible()
    expect(page.get_by_text("Your account was made from Corp ID")).to_be_visible()
    screenshot("sso-landed")

    nina = User.objects.get(email="nina.new@corp.test")
    assert nina.full_name == "Nina New"
    assert not nina.has_usable_password()
    # No organization from the address's domain alone.
    assert not Membership.objects.filter(user=nina).exists()
    identity = SingleSignOnIdentity.objects.get(user=nina)
    assert identity.issuer == sso_settings.SSO_ISSUER
    assert events == [("signed_in", "nina.new@corp.test", True)]

    # Signing out and in again is the same account, not a second one.
    page.get_by_role("button", name="Sign out").click()
    sign_in_at_provider(page, live_server, "nina.new@corp.test", again=True)
    expect(page.get_by_role("heading", name="Your client organizations")).to_be_visible()
    assert User.objects.filter(email="nina.new@corp.test").count() == 1
    assert events[-1] == ("signed_in", "nina.new@corp.test", False)


def test_an_existing_account_is_matched_by_verified_email(
    live_server, transactional_db, personas, sso_settings, page, events
):
    sign_in_at_provider(page, live_server, "alice@example.org", "/orgs/acme/")
    expect(page.get_by_role("heading", name="Acme Payments")).to_be_visible()
    assert SingleSignOnIdentity.objects.get().user == personas.alice
    assert events == [("signed_in", "alice@example.org", False)]


def test_an_address_outside_the_allowed_domains_is_refused(
    live_server, transactional_db, personas, sso_settings, page, screenshot, events
):
    sign_in_at_provider(page, live_server, "mallory@elsewhere.test")
    expect(page.get_by_text("mallory@elsewhere.test may not sign in here")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot("sso-refused-domain")
    assert not User.objects.filter(email="mallory@elsewhere.test").exists()
    assert events == [("refused", "mallory@elsewhere.test", "domain")]


def test_an_unverified_address_is_refused(
    live_server, transactional_db, personas, sso_settings, page, events
):
    sign_in_at_provider(page, live_server, "uma.unverified@corp.test")
    refusal = page.get_by_text("has not verified the address uma.unverified@corp.test")
    expect(refusal).to_be_visible()
    assert not User.objects.filter(email="uma.unverified@corp.test").exists()
    assert events == [("refused", "uma.unverified@corp.test", "unverified")]


def test_password_sign_in_can_be_turned_off_for_sso_users(
    live_server, transactional_db, personas, sso_settings, page
):
    sso_settings.SSO_PASSWORD_SIGN_IN = False
    sign_in_at_provider(page, live_server, "alice@example.org")
    expect(page.get_by_role("heading", name="Your client organizations")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(APP_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("This account signs in with Corp ID")).to_be_visible()
    # Others, who never used the provider, still sign in with their password.
    page.get_by_label("Email").fill("bob@example.org")
    page.get_by_label("Password").fill(APP_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Your client organizations")).to_be_visible()


def test_provider_sign_in_counts_as_two_factor_when_trusted(
    live_server, transactional_db, personas, sso_settings, page
):
    """SSO_TRUST_PROVIDER_MFA (the default): the provider enforces its own
    second factor, so an organization that requires two-factor opens."""
    personas.org_a.require_mfa = True
    personas.org_a.save()
    sign_in_at_provider(page, live_server, "alice@example.org", "/orgs/acme/")
    expect(page.get_by_role("heading", name="Acme Payments")).to_be_visible()


def test_our_code_is_asked_after_the_provider_when_not_trusted(
    live_server, transactional_db, personas, sso_settings, page, screenshot, events
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.mfa_helpers import code_of

    sso_settings.SSO_TRUST_PROVIDER_MFA = False
    personas.org_a.require_mfa = True
    personas.org_a.save()
    device = TOTPDevice.objects.create(user=personas.alice, name="app", confirmed=True)
    sign_in_at_provider(page, live_server, "alice@example.org", "/orgs/acme/")
    expect(
        page.get_by_text("You signed in with Corp ID. Now open your authenticator")
    ).to_be_visible()
    screenshot("sso-then-code-step")
    assert events == []  # not signed in yet
    page.get_by_label("Code").fill(code_of(device))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Acme Payments")).to_be_visible()
    assert events == [("signed_in", "alice@example.org", False)]


def test_without_an_app_an_untrusted_provider_sign_in_must_set_one_up(
    live_server, transactional_db, personas, sso_settings, page
):
    sso_settings.SSO_TRUST_PROVIDER_MFA = False
    personas.org_a.require_mfa = True
    personas.org_a.save()
    sign_in_at_provider(page, live_server, "alice@example.org", "/orgs/acme/")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    expect(page.get_by_text("Acme Payments requires two-factor sign-in: set it up")).to_be_visible()
