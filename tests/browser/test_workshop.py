"""A live workshop in real browsers: the facilitator projects the presenter
view, a guest and a member vote from phones, the facilitator sees the split
and sets the consensus, and every screen follows along by polling."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from assessor import services as assessor_services
from assessor.models import Answer, Framework
from assessor.workshops.models import Vote, Workshop
from tests.browser.conftest import ARTIFACTS, full_page_shot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Screens follow within about 2 s; allow for a slow machine.
FOLLOW_MS = 6000


@pytest.fixture
def assessment(transactional_db, personas):
    call_command("sync_frameworks", verbosity=0)
    return assessor_services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Workshop 2026",
        scope="both",
        targets={},
        user=User.objects.get(email="alice@example.org"),
    )


def sign_in(page, base, email):
    page.goto(base + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    return context, context.new_page()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    full_page_shot(page, ARTIFACTS / f"{name}.png")


def test_a_room_votes_and_the_facilitator_sets_the_consensus(
    live_server, assessment, browser, page, screenshot
):
    base = live_server.url
    page.set_viewport_size({"width": 1600, "height": 900})  # a projector
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/orgs/acme/assessments/{assessment.code}/results/")
    page.get_by_role("link", name="Run live workshop").click()
    page.get_by_role("button", name="Open a workshop").click()
    workshop = Workshop.objects.get()
    expect(page.locator(".ws-code")).to_have_text(workshop.display_code)
    expect(page.locator(".ws-qr svg")).to_be_visible()

    # A guest scans the QR code (its link carries the code) and types a name.
    guest_ctx, guest = phone(browser)
    guest.goto(f"{base}/join/{workshop.join_code}/")
    expect(guest.get_by_label("Workshop code")).to_have_value(workshop.join_code)
    guest.get_by_label("Your name").fill("Gina <Guest>")
    guest.get_by_role("button", name="Join").click()
    expect(guest.get_by_role("heading", name="You’re in")).to_be_visible()

    # A member joins with their account, typing the code.
    bob_ctx, bob = phone(browser)
    sign_in(bob, base, "bob@example.org")
    bob.goto(f"{base}/join/")
    bob.get_by_label("Workshop code").fill(workshop.join_code.lower())
    bob.get_by_role("button", name="Join").click()
    expect(bob.get_by_text("You are in as Bob Participant")).to_be_visible()

    # The join slide lists them as they arrive.
    expect(page.locator("#board")).to_contain_text("2 joined", timeout=FOLLOW_MS)
    expect(page.locator("#board")).to_contain_text("Gina <Guest>")
    screenshot("workshop-join-slide")

    # The facilitator starts; both phones follow.
    page.get_by_role("button", name="Start: first question →").click()
    question = assessment.framework.parsed.question(workshop.question_keys()[0])
    expect(page.locator("#ws-question")).to_have_text(question.text)
    for p in (guest, bob):
        expect(p.locator(".stage-question")).to_have_text(question.text, timeout=FOLLOW_MS)

    # The guest taps a level: saved at once. Bob votes, then changes his mind.
    guest.locator(".stage-options .option", has_text="Level 1").click()
    expect(guest.locator(".saved")).to_contain_text("Your vote: level 1")
    bob.locator(".stage-options .option", has_text="Level 4").click()
    expect(bob.locator(".saved")).to_contain_text("level 4")
    bob.locator(".stage-options .option", has_text="Level 3").click()
    # The tap's answer swaps the form: type only once it is back (under load
    # the swap used to land after the typing and take the comment with it).
    expect(bob.locator(".saved")).to_contain_text("level 3")
    bob.get_by_label("Comment").fill("We have it for the main repo only")
    bob.get_by_role("button", name="Update my vote").click()
    expect(bob.locator(".saved")).to_contain_text("level 3")

    # The board shows the split within a poll or two.
    board = page.locator("#board")
    expect(board).to_contain_text("2 of 2", timeout=FOLLOW_MS)
    expect(board).to_contain_text("votes spread over 2 levels (1 to 3)")
    expect(board).to_contain_text("We have it for the main repo only")
    screenshot("workshop-presenter-board")
    shot(guest, "workshop-phone-vote")
    overflow = guest.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    # Polls that find nothing new (304) leave the phones as they are.
    guest.wait_for_timeout(2500)
    expect(guest.locator(".saved")).to_contain_text("Your vote: level 1")

    # Close voting, discuss, accept the median.
    page.get_by_role("button", name="Close voting").click()
    expect(guest.get_by_text("Voting is closed.")).to_be_visible(timeout=FOLLOW_MS)
    page.get_by_role("button", name="Accept the median").click()
    expect(page.locator(".ws-agreed")).to_contain_text("Level 2")
    expect(page.locator(".ws-levels li.agreed")).to_contain_text("2")
    for p in (guest, bob):
        expect(p.locator(".stage-closed")).to_contain_text(
            "The team agreed: Level 2", timeout=FOLLOW_MS
        )
    shot(bob, "workshop-phone-agreed")
    screenshot("workshop-presenter-consensus")

    answer = Answer.objects.get(assessment=assessment, question_key=question.key)
    assert (answer.state, answer.level) == ("answered", 2)
    assert answer.note.startswith("Workshop consensus of 2 votes, spread 2")
    assert Vote.objects.count() == 2

    # Next question by keyboard (a presentation clicker sends PageDown).
    page.locator("body").press("PageDown")
    second = assessment.framework.parsed.question(workshop.question_keys()[1])
    expect(page.locator("#ws-question")).to_have_text(second.text)
    expect(guest.locator(".stage-question")).to_have_text(second.text, timeout=FOLLOW_MS)

    # Closing the workshop ends the guest's access.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close workshop").click()
    expect(page.get_by_role("heading", name="Live workshop")).to_be_visible()
    expect(guest.get_by_role("heading", name="The workshop has ended")).to_be_visible(
        timeout=FOLLOW_MS
    )
    guest.goto(base + workshop.participant_url())
    expect(guest.get_by_role("heading", name="Join a workshop")).to_be_visible()
    guest_ctx.close()
    bob_ctx.close()
