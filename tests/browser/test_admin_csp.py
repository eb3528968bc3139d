"""The Django admin under our Content-Security-Policy: an operator uploads
custom question banks there, so its pages must work with the policy on (the
conftest's watcher fails the test on any violation)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_pages_work_under_the_policy(live_server, transactional_db, page, screenshot):
    call_command("sync_frameworks", verbosity=0)
    User.objects.create_superuser("root@example.org", PASSWORD)
    base = live_server.url
    page.goto(base + "/admin/")
    # The admin signs in through the site's sign-in (accounts/admin_sign_in.py).
    page.get_by_label("Email").fill("root@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(base + "/admin/assessor/framework/")
    expect(page.locator("#result_list")).to_contain_text("devops-mlops-readiness")
    page.goto(base + "/admin/assessor/framework/add/")
    expect(page.get_by_label("Question bank (YAML)")).to_be_visible()
    # The admin's own scripts (the sidebar toggle, date widgets) still run.
    page.goto(base + "/admin/accounts/user/")
    page.locator("#toggle-nav-sidebar").click()
    screenshot("admin-users")
