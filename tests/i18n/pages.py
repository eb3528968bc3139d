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
    # Cookies the client carries (World) -> {name: value}, e.g. a workshop seat.
    cookies: Callable = field(default=lambda world: {})


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


# -- Assessments, plans and workshops ("ui") ------------------------------------------------


def _assessment(name: str, *args):
    return lambda w: reverse(name, args=[w.personas.org_a.slug, w.assessment.code, *args])


def bank_texts(world) -> list[str]:
    """The question bank's own words (areas, practice areas, questions, help,
    levels, next steps, context choices, the scoring rule). They are the
    bank's, translated in the bank's translations in the assessment's
    language, so the interface sweep counts them as bank-owned, not as
    leftovers of our catalogue."""
    fw = world.assessment.framework.parsed
    texts = [fw.title, fw.description, fw.scoring_rule]
    texts += [t for a in fw.areas for t in (a.title, a.description)]
    for d in fw.dimensions:
        texts += [d.title, d.description]
        for q in d.questions:
            texts += [q.text, q.help, q.na_guidance]
            texts += [t for lv in q.levels for t in (lv.text, lv.next_step)]
    for q in fw.context_questions:
        texts += [q.text, q.help]
        texts += [t for c in q.choices for t in (c.label, c.description)]
    return [t for t in texts if t]


def _workshop(world):
    """The assessment's open workshop on its first scored question, Alice's vote on it."""
    from assessor.workshops import services as workshops

    workshop = workshops.workshop_open(assessment=world.assessment, user=world.personas.alice)
    key = world.assessment.framework.parsed.scored_questions[0].key
    if workshop.current_key != key:
        workshops.workshop_go(workshop=workshop, key=key)
        workshop.refresh_from_db()
    seat = workshops.participant_join(workshop=workshop, display_name="", user=world.personas.alice)
    workshops.vote_cast(
        workshop=workshop, participant_id=seat.pk, question_key=key, level=2, comment=""
    )
    return workshop


def _action(world):
    """An action on the assessment's plan, owned by Bob."""
    from assessor.plans import services as plans
    from assessor.plans.models import Action

    existing = Action.objects.filter(assessment=world.assessment).first()
    if existing is not None:
        return existing
    dimension = world.assessment.framework.parsed.dimensions[0]
    return plans.action_create(
        organization=world.personas.org_a,
        assessment=world.assessment,
        user=world.personas.alice,
        title="Write the rollback runbook",
        dimension=dimension.key,
        question_keys=[dimension.questions[0].key],
        owner=world.personas.bob,
    )


def _guest_seat(world) -> dict[str, str]:
    """The cookie a guest's phone holds after joining the workshop."""
    from django.http import HttpResponse

    from assessor.workshops import access
    from assessor.workshops import services as workshops

    workshop = _workshop(world)
    guest = workshops.participant_join(workshop=workshop, display_name="Gina", user=None)
    response = HttpResponse()
    access.give_seat(response, workshop, guest.pk)
    return {name: morsel.value for name, morsel in response.cookies.items()}


def _first_step(world) -> str:
    return world.assessment.framework.parsed.dimensions[0].key


UI_PAGES: list[Page] = [
    Page("new assessment", _org("assessor:start")),
    Page(
        "wizard context step",
        _assessment("assessor:step", "context"),
        data=bank_texts,
        speaks_assessment_language=True,
    ),
    Page(
        "wizard step",
        lambda w: reverse("assessor:step", args=["acme", w.assessment.code, _first_step(w)]),
        data=bank_texts,
        speaks_assessment_language=True,
    ),
    Page(
        "results", _assessment("assessor:results"), data=bank_texts, speaks_assessment_language=True
    ),
    Page("complete", _assessment("assessor:complete"), speaks_assessment_language=True),
    Page("manage", _assessment("assessor:manage"), speaks_assessment_language=True),
    Page("delete", _assessment("assessor:delete"), speaks_assessment_language=True),
    # The timeline and the comparison speak the latest assessment's language.
    Page("timeline", _org("assessor:timeline"), speaks_assessment_language=True),
    Page("compare", _org("assessor:compare"), data=bank_texts, speaks_assessment_language=True),
    Page("import an assessment", _org("assessor:import")),
    Page(
        "answer history",
        lambda w: reverse(
            "assessor:history",
            args=["acme", w.assessment.code, w.assessment.framework.parsed.scored_questions[0].key],
        ),
        data=bank_texts,
        speaks_assessment_language=True,
    ),
    Page("plan", _org("plans:plan"), data=lambda w: [*bank_texts(w), _action(w).title]),
    Page(
        "action",
        lambda w: reverse("plans:action", args=["acme", _action(w).code]),
        data=lambda w: [*bank_texts(w), _action(w).title],
    ),
    Page(
        "new action",
        lambda w: reverse("plans:action_new", args=["acme"]) + f"?assessment={w.assessment.code}",
        data=bank_texts,
    ),
    Page("import a plan", _org("plans:import")),
    Page("workshop start", _assessment("workshops:start"), speaks_assessment_language=True),
    Page(
        "workshop board",
        lambda w: _workshop(w).board_url(),
        data=bank_texts,
        speaks_assessment_language=True,
    ),
    Page(
        "workshop projector",
        lambda w: _workshop(w).presenter_url(),
        data=bank_texts,
        speaks_assessment_language=True,
    ),
    Page("workshop join", lambda w: reverse("workshops:join"), as_user=None),
    # A guest's phone: the seat cookie the join page gives. It reads the
    # assessment's language unless the guest picks their own.
    Page(
        "workshop phone",
        lambda w: _workshop(w).participant_url(),
        as_user=None,
        data=lambda w: [*bank_texts(w), "Gina"],
        speaks_assessment_language=True,
        cookies=_guest_seat,
    ),
]
PAGES += UI_PAGES
