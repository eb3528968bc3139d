"""A follow-up in a real browser: carried-over answers are not counted as
answered until someone confirms them; a step can be confirmed at once; and
completing with answers nobody confirmed asks first and lists them."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from assessor import services
from assessor.models import Assessment, Framework
from tests.assessor.conftest import answer_all
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def baseline(transactional_db, personas):
    call_command("sync_frameworks", verbosity=0)
    alice = User.objects.get(email="alice@example.org")
    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Baseline 2026",
        scope="both",
        targets={},
        user=alice,
    )
    answer_all(assessment, alice, level=2)
    services.assessment_complete(assessment=assessment, user=alice)
    return assessment


def test_follow_up_progress_counts_carried_answers_once_confirmed(
    live_server, baseline, page, screenshot
):
    base = live_server.url
    page.goto(base + "/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/orgs/acme/")
    page.get_by_role("link", name="Start follow-up").click()
    title = page.get_by_label("Title")
    expect(title).to_have_value("Follow-up of Baseline 2026")
    title.fill("Autumn review 2026")
    page.get_by_role("button", name="Start follow-up").click()

    follow_up = Assessment.objects.get(title="Autumn review 2026")
    total = len(follow_up.question_keys())
    progress = page.locator("#progress")
    expect(progress).to_contain_text(f"0 of {total} questions answered")
    expect(progress).to_contain_text(f"{total} carried over, not counted until confirmed")
    context = follow_up.framework.parsed.context_questions
    nav_context = page.locator("#step-nav li").first
    expect(nav_context).to_contain_text(f"0/{len(context)}")
    expect(nav_context).to_contain_text(f"{len(context)} to confirm")

    # Confirm one by its own button: it counts, the others do not.
    first = context[0].key
    page.locator(f"#q-{first}-meta").get_by_role("button", name="Confirm").click()
    expect(page.locator(f"#q-{first}-meta .saved")).to_be_visible()
    expect(progress).to_contain_text(f"1 of {total} questions answered")
    expect(nav_context).to_contain_text(f"1/{len(context)}")

    # Confirm the rest of the step at once: the step is ticked.
    page.get_by_role("button", name="Confirm all on this step").click()
    expect(page.locator(".msg-success")).to_contain_text(f"Confirmed {len(context) - 1}")
    expect(progress).to_contain_text(f"{len(context)} of {total} questions answered")
    expect(nav_context.locator(".step-count")).to_have_text("✓")
    expect(page.get_by_role("button", name="Confirm all on this step")).to_have_count(0)
    screenshot("follow-up-confirmed-step")

    # Reload: the counts are stored, not a page's memory.
    page.reload()
    expect(progress).to_contain_text(f"{len(context)} of {total} questions answered")

    # Completing now asks first and lists what nobody confirmed.
    page.goto(base + f"/orgs/acme/assessments/{follow_up.code}/results/")
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.get_by_role("heading", name="Complete the assessment?")).to_be_visible()
    unconfirmed = total - len(context)
    expect(page.locator(".unconfirmed-list li")).to_have_count(unconfirmed)
    screenshot("follow-up-complete-asks")
    follow_up.refresh_from_db()
    assert follow_up.status != "completed"
    page.get_by_role("button", name="Complete anyway").click()
    expect(page.locator(".msg-success")).to_contain_text("Assessment completed")
    follow_up.refresh_from_db()
    assert follow_up.status == "completed"
