import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Organization
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_create_an_organization_and_invite(
    live_server, transactional_db, personas, page, screenshot
):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login/?next=/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot("login")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Your client organizations")).to_be_visible()
    expect(page.get_by_text("Acme Payments")).to_be_visible()
    screenshot("dashboard")

    page.get_by_role("link", name="New organization").click()
    page.get_by_label("Organization name").fill("Globex Bank")
    page.locator("#id_industry").select_option("finance")
    page.get_by_label("Regulated industry").check()
    page.get_by_role("button", name="Create organization").click()
    expect(page.get_by_role("heading", name="Globex Bank")).to_be_visible()
    org = Organization.objects.get(name="Globex Bank")
    assert org.regulated
    assert Membership.objects.get(organization=org).user == personas.alice

    page.get_by_role("link", name="Members").click()
    page.get_by_label("Email").fill("dora@example.com")
    page.locator("#id_role").select_option("facilitator")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link", exact=True).input_value()
    assert link.startswith(live_server.url + "/invite/")
    screenshot("members")


def test_narrow_window_keeps_the_dashboard_usable(
    live_server, transactional_db, personas, page, screenshot
):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("bob@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Acme Payments")).to_be_visible()
    # Nothing overflows horizontally on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("dashboard-phone")
