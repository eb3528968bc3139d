"""Two-factor in the browser: setting up the app from the QR page, the code
step of signing in, recovery codes, and an organization that requires it."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.mfa_helpers import code_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, email: str, next_url: str = "") -> None:
    page.goto(live_server.url + "/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_enrol_then_sign_in_with_a_code_and_a_recovery_code(
    live_server, transactional_db, personas, page, screenshot
):
    sign_in(page, live_server, "bob@example.org")
    page.get_by_role("link", name="Bob Participant").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    qr = page.get_by_role("img", name="QR code of your two-factor secret")
    expect(qr).to_be_visible()
    box = qr.locator("svg").bounding_box()
    assert box and box["width"] >= 150  # big enough for a phone camera
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)
    screenshot("mfa-enrol")

    device = TOTPDevice.objects.get(user=personas.bob)
    page.get_by_label("Code from the app").fill(code_of(device))
    page.get_by_role("button", name="Turn on two-factor").click()
    expect(page.get_by_role("heading", name="Save these codes now")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshot("mfa-recovery-codes")
    page.reload()
    expect(page.get_by_text("You have 10 unused recovery codes")).to_be_visible()
    assert codes[0] not in page.content()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "bob@example.org", "/orgs/acme/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    screenshot("mfa-code-step")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's growing delay after a wrong code
    device.save()
    page.get_by_label("Code").fill(code_of(device, 1))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Acme Payments")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "bob@example.org")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("You used a recovery code; 9 left")).to_be_visible()


def test_an_owner_requires_two_factor_and_a_member_is_sent_to_set_it_up(
    live_server, transactional_db, personas, page, screenshot
):
    alice = personas.alice
    TOTPDevice.objects.create(user=alice, name="Authenticator app", confirmed=True)
    device = TOTPDevice.objects.get(user=alice)
    sign_in(page, live_server, "alice@example.org", "/orgs/acme/")
    page.get_by_label("Code").fill(code_of(device))
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("link", name="Two-factor").click()
    page.get_by_label("Require two-factor sign-in of every member").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Members of Acme Payments must now use two-factor")).to_be_visible()
    screenshot("mfa-organization")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot("mfa-organization-phone")

    other = page.context.browser.new_context(viewport={"width": 390, "height": 800})
    phone = other.new_page()
    sign_in(phone, live_server, "bob@example.org", "/orgs/acme/")
    notice = phone.get_by_text("Acme Payments requires two-factor sign-in: set it up")
    expect(notice).to_be_visible()
    expect(phone.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("mfa-enrol-phone", of=phone)
    bob_device = TOTPDevice.objects.get(user=personas.bob)
    phone.get_by_label("Code from the app").fill(code_of(bob_device))
    phone.get_by_role("button", name="Turn on two-factor").click()
    expect(phone.get_by_role("heading", name="Save these codes now")).to_be_visible()
    screenshot("mfa-recovery-codes-phone", of=phone)
    phone.get_by_role("link", name="I have saved them").click()
    expect(phone.get_by_role("heading", name="Acme Payments")).to_be_visible()
    other.close()
