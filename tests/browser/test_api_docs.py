"""The API docs page (Swagger UI from drf-spectacular-sidecar) works under a
Content-Security-Policy that allows no inline script or style."""

import pytest

from accounts import tokens

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def _with_csp(route):
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": CSP}
    route.fulfill(response=response, headers=headers)


def test_docs_page_renders_under_the_app_s_own_csp(live_server, page, csp_violations):
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 16
    assert csp_violations == []


def test_docs_page_renders_under_a_strict_csp(
    live_server, page, screenshot, personas, csp_violations
):
    page.route("**/*", _with_csp)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert "Readiness Assessor API" in page.text_content(".information-container")
    operations = page.locator(".opblock").count()
    assert operations >= 16
    # The stylesheet applies: Swagger UI's own layout, and ours.
    assert page.eval_on_selector("body", "b => getComputedStyle(b).margin") == "0px"
    screenshot("api-docs")

    # Try it out with a token: the request goes through the page's own script.
    _, secret = tokens.token_create(user=personas.alice, name="docs", scope="read", expires_at=None)
    page.click("button.authorize")
    dialog = page.locator(".auth-container").filter(has_text="rapat_")
    dialog.locator("input").fill(secret)
    dialog.locator("button.authorize").click()
    page.click(".btn-done")
    page.click("#operations-Organizations-organizations_list .opblock-summary")
    page.click("#operations-Organizations-organizations_list .try-out__btn")
    page.click("#operations-Organizations-organizations_list .execute")
    live = "#operations-Organizations-organizations_list .live-responses-table .microlight"
    page.wait_for_selector(live)
    body = page.text_content(live)
    assert '"slug": "acme"' in body
    screenshot("api-docs-try-it-out")
    # No script or style is refused. Swagger UI's stylesheet draws a few small
    # icons (copy to clipboard) as data: images, which this policy refuses;
    # a policy with img-src 'self' data: shows them too.
    refused = [v for v in csp_violations if "data:image/svg" not in v and "'data'" not in v]
    assert refused == [], refused
    csp_violations.clear()  # the data: icons, refused on purpose here
