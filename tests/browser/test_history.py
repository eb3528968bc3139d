"""A newcomer signs in to the demo and finds trends, a comparison and a
follow-up, as `make run` sets them up."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_demo_history_timeline_compare_follow_up(live_server, transactional_db, page, screenshot):
    call_command("sync_frameworks", verbosity=0)
    call_command("ensure_demo", verbosity=0)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("assess-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Northwind Retail (demo)").click()
    expect(page.get_by_text("Annual review")).to_be_visible()
    screenshot("organization")

    page.get_by_role("link", name="Timeline").click()
    expect(page.locator("svg[aria-label='DevOps and MLOps indices over time']")).to_be_visible()
    page.locator("#dimension").select_option("ci_cd")
    expect(
        page.locator("svg[aria-label='CI/CD pipelines and release automation over time']")
    ).to_be_visible()
    screenshot("timeline")

    page.get_by_role("link", name="Compare two").click()
    expect(page.get_by_text("Answers that changed")).to_be_visible()
    expect(page.locator(".delta-up").first).to_be_visible()
    screenshot("compare")

    page.goto(live_server.url + "/orgs/northwind-retail-demo/")
    page.get_by_role("link", name="Start follow-up").click()
    page.get_by_role("button", name="Start follow-up").click()
    expect(page.locator(".msg-success")).to_contain_text("answers carried over")
    expect(page.locator(".carried-count")).to_be_visible()
    screenshot("follow-up")
