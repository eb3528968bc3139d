"""The CSP watcher of conftest.py sees a violation: the browser tests' "no
violation" would prove nothing otherwise."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_violation_is_caught(live_server, transactional_db, page, csp_violations):
    page.goto(live_server.url + "/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert csp_violations == []  # our own page: nothing blocked

    # What an injected inline style (or script) would do: blocked and reported.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p id=x style=\"color: red\">x</p>')"
    )
    page.wait_for_timeout(300)
    assert page.locator("#x").evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    assert any("style-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()


def test_an_htmx_eval_is_caught(live_server, transactional_db, page, csp_violations):
    """htmx runs with allowEval: false; markup that needs eval (an event
    filter here) is refused and the watcher says so."""
    page.goto(live_server.url + "/login/")
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML(
            'beforeend', '<button id="y" hx-get="/login/" hx-trigger="click[true]">y</button>');
          htmx.process(document.getElementById('y'));
        }"""
    )
    page.locator("#y").click()
    page.wait_for_timeout(300)
    assert any("allowEval" in v for v in csp_violations), csp_violations
    csp_violations.clear()
