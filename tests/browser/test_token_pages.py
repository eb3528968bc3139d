"""A user makes a token on the account page, copies it once, uses it, and
revokes it in place; the organization's owner sees it too."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_make_use_and_revoke_a_token(live_server, transactional_db, personas, page, screenshot):
    base = live_server.url
    sign_in(page, base, "bob@example.org")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Grafana of the platform team")
    page.get_by_label("Scope").select_option("read")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("New token").input_value()
    assert secret.startswith("rapat_")
    screenshot("token-created")

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/orgs/acme/").status_code == 200

    page.goto(base + "/account/tokens/")
    expect(page.get_by_label("New token")).to_have_count(0)
    row = page.locator("tr", has_text="Grafana of the platform team")
    expect(row).to_contain_text("Acme Payments")
    expect(row).to_contain_text("Active")

    # The owner sees the token on Acme's page.
    owner = page.context.browser.new_context()
    owner_page = owner.new_page()
    sign_in(owner_page, base, "alice@example.org")
    owner_page.goto(base + "/orgs/acme/tokens/")
    expect(owner_page.locator("tr", has_text="Grafana")).to_contain_text("bob@example.org")
    screenshot("organization-tokens", of=owner_page)
    owner.close()

    row.get_by_role("button", name="Revoke").click()
    expect(row).to_contain_text("Revoked")
    expect(row.get_by_role("button", name="Revoke")).to_have_count(0)
    screenshot("token-revoked")
    assert api.get("/api/v1/orgs/acme/").status_code == 401
