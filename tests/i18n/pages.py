"""The pages the i18n sweep renders in English, German and French
(test_pages.py). One row a page; add yours to PAGES.

A row names the page, builds its URL from the `World` (tests/i18n/conftest.py:
the personas, an answered assessment, reports, a token...; add what your
pages need there) and says who looks at it: a persona's attribute name, or
None for a visitor who is not signed in. `data` adds the texts of that page
that are users' data rather than our words (the personas' names, emails,
organization and assessment titles are always excluded).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable  # (World) -> str
    as_user: str | None = "alice"
    data: Callable = field(default=lambda world: [])  # (World) -> list[str]
    follow: bool = False  # the URL redirects to the page (a reset link does)
    # The page speaks its assessment's language (assessor/assessment_language.py),
    # not the reader's: the sweep sets World.assessment's language for each rendering.
    speaks_assessment_language: bool = False


def _org(name: str, *args):
    return lambda w: reverse(name, args=[w.personas.org_a.slug, *args])


def _report(name: str):
    return lambda w: reverse(name, args=[w.personas.org_a.slug, w.assessment.code, w.report.code])


PAGES: list[Page] = [
    # Signing in and passwords, as a visitor.
    Page("login", lambda w: reverse("accounts:login"), as_user=None),
    Page("password reset", lambda w: reverse("accounts:password_reset"), as_user=None),
    Page("password reset sent", lambda w: reverse("accounts:password_reset_done"), as_user=None),
    Page("password reset link", lambda w: w.reset_link, as_user=None, follow=True),
    Page("password reset invalid link", lambda w: w.bad_reset_link, as_user=None),
    Page(
        "password reset complete",
        lambda w: reverse("accounts:password_reset_complete"),
        as_user=None,
    ),
    Page("invitation", lambda w: w.invitation.get_absolute_url(), as_user=None),
    # The account.
    Page("dashboard", lambda w: reverse("accounts:dashboard")),
    Page("profile", lambda w: reverse("accounts:profile")),
    Page("password change", lambda w: reverse("accounts:password_change")),
    Page("tokens", lambda w: reverse("accounts:tokens")),
    Page("two-factor set-up", lambda w: reverse("accounts:two_factor")),
    # An organization, as its owner.
    Page("organization", _org("accounts:organization")),
    Page("organization edit", _org("accounts:organization_edit")),
    Page("new organization", lambda w: reverse("accounts:organization_create")),
    Page("members", _org("accounts:members")),
    Page("member remove", lambda w: reverse("accounts:member_remove", args=["acme", w.bob_code])),
    Page("organization tokens", _org("accounts:organization_tokens")),
    Page("organization two-factor", _org("accounts:organization_two_factor")),
    Page("audit log", _org("audit:log")),
    Page("organization branding", _org("branding:organization")),
    Page("installation branding", lambda w: reverse("branding:installation")),
    # Reports.
    Page(
        "report list",
        lambda w: reverse("reports:list", args=["acme", w.assessment.code]),
        speaks_assessment_language=True,
    ),
    Page("report", _report("reports:status"), speaks_assessment_language=True),
    Page(
        "failed report",
        lambda w: reverse("reports:status", args=["acme", w.assessment.code, w.failed_report.code]),
        speaks_assessment_language=True,
    ),
]
