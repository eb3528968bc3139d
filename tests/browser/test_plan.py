"""The plan in a real browser: an action from a roadmap item, marked done,
and seen beside its question in the follow-up."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessor import services
from assessor.models import Answer, Framework
from assessor.plans.models import Action
from tests.browser.test_wizard import saved, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def completed(transactional_db, personas):
    """Acme's baseline, every scored question answered and the assessment completed."""
    call_command("sync_frameworks", verbosity=0)
    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Baseline 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    for n, q in enumerate(assessment.framework.parsed.scored_questions):
        Answer.objects.create(
            assessment=assessment, question_key=q.key, state="answered", level=n % 2, version=1
        )
    services.assessment_complete(assessment=assessment, user=personas.alice)
    return assessment


def test_an_action_from_the_roadmap_done_and_seen_in_the_follow_up(
    live_server, completed, personas, page, screenshot
):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(base + f"/orgs/acme/assessments/{completed.code}/results/")

    # From the first roadmap item: the form comes pre-filled from the bank.
    item = completed.results().advice.phases[0].items[0]
    page.locator("#roadmap a.plan-add").first.click()
    expect(page.get_by_role("heading", name="New action")).to_be_visible()
    title = page.get_by_label("Title")
    expect(title).to_have_value(re.compile(r".{10,}"))
    expect(page.get_by_label("Practice area")).to_have_value(item.dimension)
    suggested = title.input_value()
    page.get_by_label("Owner", exact=True).select_option(label="Bob Participant")
    page.get_by_label("Due date").fill("2027-03-31")
    screenshot("plan-new-action")
    page.get_by_role("button", name="Add to the plan").click()

    # Back on the results page, the roadmap item counts it and the action sits
    # beside its question in the practice area's table.
    expect(page).to_have_url(re.compile(r"/results/#roadmap$"))
    expect(page.locator("#roadmap .plan-item").first).to_contain_text("1 action: 1 to do")
    action = Action.objects.get()
    assert action.owner == personas.bob and action.question_keys
    key = action.question_keys[0]
    expect(page.locator(".plan-beside-list a", has_text=suggested).first).to_be_attached()

    # The item's count leads to the plan, filtered to the area; marked done on its page.
    page.locator("#roadmap .plan-item a").first.click()
    page.get_by_role("link", name=suggested).first.click()
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action saved.")).to_be_visible()
    expect(page.locator(".history-list")).to_contain_text("To do → Done")
    screenshot("plan-action-done")

    # The follow-up shows the done work beside the question.
    page.goto(base + "/orgs/acme/")
    page.get_by_role("link", name="Start follow-up").click()
    page.get_by_role("button", name="Start follow-up").click()
    expect(page.get_by_role("heading", name="Context", exact=True)).to_be_visible()
    follow_up = completed.follow_ups.get()
    before = Answer.objects.get(assessment=completed, question_key=key).level
    page.goto(base + f"/orgs/acme/assessments/{follow_up.code}/step/{item.dimension}/")
    beside = page.locator(f"#q-{key} .plan-beside")
    expect(beside).to_contain_text(f"1 action done, still {before}")
    expect(beside).to_contain_text(suggested)

    # The room moves the level up: the line says so once the page is read again.
    page.locator(f"#q-{key} .option").nth(before + 1).click()
    saved(page, key)
    page.reload()
    expect(beside).to_contain_text(f"1 action done, {before} → {before + 1}")
    beside.scroll_into_view_if_needed()
    screenshot("plan-follow-up-wizard")
