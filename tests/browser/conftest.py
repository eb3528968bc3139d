"""Playwright against Debian's Chromium (Playwright's own browser download
does not work on our machines), with screenshots kept for reviewers."""

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under tests/browser/artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name: str, of=None, full_page: bool = True) -> Path:
        """`of`: another page than the test's own (e.g. a second browser context);
        `full_page=False`: what the window shows, e.g. where a sticky list sits."""
        path = ARTIFACTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=full_page)
        return path

    return _shot
