"""Playwright against Debian's Chromium (Playwright's own browser download
does not work on our machines), with screenshots kept for reviewers."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.conftest import need_service

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"

# Playwright's sync API runs an event loop in the test thread; the ORM
# calls the tests make there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    need_service("Chromium at /usr/bin/chromium", Path(CHROMIUM).exists())
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def full_page_shot(page, path: Path) -> Path:
    page.screenshot(path=str(path), full_page=True)
    # A full-page screenshot leaves an empty style="" on many elements;
    # htmx's settle and history restore would copy them with setAttribute,
    # which the CSP refuses. No user has them: drop them.
    page.evaluate(
        "document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))"
    )
    return path


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under tests/browser/artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name: str, of=None, full_page: bool = True) -> Path:
        """`of`: another page than the test's own (e.g. a second browser context);
        `full_page=False`: what the window shows, e.g. where a sticky list sits."""
        path = ARTIFACTS / f"{name}.png"
        if full_page:
            return full_page_shot(of or page, path)
        (of or page).screenshot(path=str(path))
        return path

    return _shot


# Reports each `securitypolicyviolation` event of every page to the test. Init
# scripts and exposed bindings come from the browser's debugging protocol, so
# the policy under test does not block the watcher itself.
_VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: document.location.href,
    element: e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 300) : "",
  });
});
// htmx told not to eval (allowEval: false) says so when markup asks it to:
// an hx-on, a js: value or an event filter such as change[...].
document.addEventListener("htmx:evalDisallowedError", (e) => {
  window.__cspViolation({
    directive: "htmx allowEval", page: document.location.href,
    element: e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 300) : "",
  });
});
"""


def _watch(context: BrowserContext, violations: list[str]) -> BrowserContext:
    context.expose_binding("__cspViolation", lambda _source, v: violations.append(str(v)))
    context.add_init_script(_VIOLATION_LISTENER)
    # Chromium also says so on the console; this catches what happens before
    # the listener runs (a blocked <style> in <head>, say).
    context.on(
        "console",
        lambda msg: (
            violations.append(f"console: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    return context


@pytest.fixture(autouse=True)
def csp_violations(browser: Browser, monkeypatch) -> list[str]:
    """Fail any browser test during which a page broke the Content-Security-Policy.

    Every context the test opens is watched: the `page` fixture's and those
    made with `browser.new_context()` (second browsers, phones). A test that
    provokes a violation on purpose empties the list before it ends.
    """
    violations: list[str] = []
    original = browser.new_context

    def watched_context(*args, **kwargs) -> BrowserContext:
        return _watch(original(*args, **kwargs), violations)

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield violations
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))
