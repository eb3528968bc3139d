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
PROJECTOR = {"width": 1280, "height": 720}
# Screens follow within about 2 s; allow for a slow machine.
FOLLOW_MS = 6000
# No htmx request, swap or settle under way on the page.
HTMX_IDLE = (
    "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
)


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
    page.set_viewport_size({"width": 1280, "height": 800})  # the facilitator's laptop
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/orgs/acme/assessments/{assessment.code}/results/")
    page.get_by_role("link", name="Run live workshop").click()
    page.get_by_role("button", name="Open a workshop").click()
    workshop = Workshop.objects.get()
    board = page  # the board opens first, on the facilitator's own screen
    expect(board.locator(".ws-code-inline")).to_have_text(workshop.display_code)

    # The projected screen: its own window, 1280x720 like a projector.
    screen_ctx = browser.new_context(viewport=PROJECTOR, storage_state=page.context.storage_state())
    with board.expect_popup() as popup:
        board.get_by_role("link", name="Open the projected screen ↗").click()
    popup.value.close()
    screen = screen_ctx.new_page()
    screen.goto(base + workshop.presenter_url())
    expect(screen.locator(".ws-code")).to_have_text(workshop.display_code)
    expect(screen.locator(".ws-qr svg")).to_be_visible()

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

    # The board lists them by name; the room's screen only counts them.
    expect(board.locator("#board")).to_contain_text("2 joined", timeout=FOLLOW_MS)
    expect(board.locator("#board")).to_contain_text("Gina <Guest>")
    expect(screen.locator(".screen-count")).to_contain_text("2 joined", timeout=FOLLOW_MS)
    expect(screen.locator("body")).not_to_contain_text("Gina")
    shot(screen, "workshop-screen-join")

    # The context questions come first: the room votes a choice.
    fw = assessment.framework.parsed
    context = fw.context_questions[0]
    board.get_by_role("button", name="Start: first question →").click()
    expect(board.locator("#ws-question")).to_have_text(context.text)
    for p in (screen, guest, bob):
        expect(p.locator("#ws-question, .stage-question")).to_have_text(
            context.text, timeout=FOLLOW_MS
        )
    guest.locator(".stage-options .option", has_text=context.choices[2].label).click()
    expect(guest.locator(".saved")).to_contain_text(context.choices[2].label)
    bob.locator(".stage-options .option", has_text=context.choices[2].label).click()
    expect(bob.locator(".saved")).to_contain_text(context.choices[2].label)
    expect(board.locator("#board")).to_contain_text("2 of 2", timeout=FOLLOW_MS)
    shot(guest, "workshop-phone-context")
    shot(board, "workshop-board-context")
    board.get_by_role(
        "button", name=f"Accept the most votes (C: {context.choices[2].label})"
    ).click()
    expect(board.locator(".ws-agreed")).to_contain_text(context.choices[2].label)
    answer = Answer.objects.get(assessment=assessment, question_key=context.key)
    assert (answer.state, answer.choice) == ("answered", context.choices[2].key)

    # Jump to the first scored question; every screen follows. (Once htmx has
    # finished putting the accepted answer's board in place: a choice made on
    # the outgoing board, before the new one is wired up, is lost.)
    question = fw.question(fw.dimensions[0].questions[0].key)
    board.wait_for_function(HTMX_IDLE)
    board.locator("#ws-jump").select_option(question.key)
    expect(board.locator("#ws-question")).to_have_text(question.text)
    for p in (screen, guest, bob):
        expect(p.locator("#ws-question, .stage-question")).to_have_text(
            question.text, timeout=FOLLOW_MS
        )

    # The guest taps a level: saved at once. Bob votes, then changes his mind.
    guest.locator(".stage-options .option", has_text="Level 1").click()
    expect(guest.locator(".saved")).to_contain_text("Your vote: Level 1")
    bob.locator(".stage-options .option", has_text="Level 4").click()
    expect(bob.locator(".saved")).to_contain_text("Level 4")
    bob.locator(".stage-options .option", has_text="Level 3").click()
    # The tap's answer swaps the form: type only once it is back (under load
    # the swap used to land after the typing and take the comment with it).
    expect(bob.locator(".saved")).to_contain_text("Level 3")
    bob.get_by_label("Comment").fill("We have it for the main repo only")
    bob.get_by_role("button", name="Update my vote").click()
    expect(bob.locator(".saved")).to_contain_text("Level 3")

    # The board shows the split, named; the median (2) is a level nobody chose.
    expect(board.locator("#board")).to_contain_text("2 of 2", timeout=FOLLOW_MS)
    expect(board.locator("#board")).to_contain_text("votes spread over 2 levels (1 to 3)")
    expect(board.locator("#board")).to_contain_text("Bob Participant", timeout=FOLLOW_MS)
    expect(board.locator("#board")).to_contain_text("We have it for the main repo only")
    expect(board.locator(".ws-between")).to_contain_text("level 2, is a level nobody voted for")
    expect(board.get_by_role("button", name="Accept the median")).to_have_count(0)
    screenshot("workshop-board")

    # The projected screen: a count, never a vote, a name or a comment.
    expect(screen.locator(".screen-count")).to_contain_text("2 of 2 voted", timeout=FOLLOW_MS)
    text = screen.locator("body").inner_text()
    for secret in ("Bob", "Gina", "main repo only", "median", "spread", "Level 1", "Level 3"):
        assert secret not in text, secret
    assert screen.locator("svg[aria-label^='Votes per level']").count() == 0
    # The question and all five levels fit the 1280x720 projector.
    screen.screenshot(path=str(ARTIFACTS / "workshop-screen-before-reveal.png"))
    assert screen.evaluate("document.documentElement.scrollHeight") <= PROJECTOR["height"]
    assert screen.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
    for option in question.levels:
        expect(screen.locator(".ws-levels li").nth(option.level)).to_be_in_viewport()
    shot(guest, "workshop-phone-vote")
    overflow = guest.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    # Polls that find nothing new (304) leave the phones as they are.
    guest.wait_for_timeout(2500)
    expect(guest.locator(".saved")).to_contain_text("Your vote: Level 1")

    # Reveal: voting closes and the room sees the distribution, still unnamed.
    board.get_by_role("button", name="Show the votes on the screen").click()
    expect(guest.get_by_text("Voting is closed.")).to_be_visible(timeout=FOLLOW_MS)
    expect(screen.locator("svg[aria-label^='Votes per level']")).to_be_visible(timeout=FOLLOW_MS)
    expect(screen.locator(".screen-side")).to_contain_text("median 2")
    text = screen.locator("body").inner_text()
    assert "Bob" not in text and "main repo only" not in text
    assert screen.evaluate("document.documentElement.scrollHeight") <= PROJECTOR["height"]
    screen.screenshot(path=str(ARTIFACTS / "workshop-screen-revealed.png"))

    # The room talks it through; the facilitator sets level 2 deliberately.
    board.get_by_role("button", name="Set level 2 anyway").click()
    expect(board.locator(".ws-agreed")).to_contain_text("Level 2")
    expect(screen.locator(".ws-levels li.agreed")).to_contain_text("2", timeout=FOLLOW_MS)
    for p in (guest, bob):
        expect(p.locator(".stage-closed")).to_contain_text(
            "The team agreed: Level 2", timeout=FOLLOW_MS
        )
    shot(bob, "workshop-phone-agreed")
    screen.screenshot(path=str(ARTIFACTS / "workshop-screen-agreed.png"))

    answer = Answer.objects.get(assessment=assessment, question_key=question.key)
    assert (answer.state, answer.level) == ("answered", 2)
    assert answer.note.startswith("Workshop consensus of 2 votes, spread 2")
    assert Vote.objects.count() == 4

    # Next question from the projected screen by keyboard (a clicker sends PageDown).
    screen.locator("body").press("PageDown")
    second = fw.question(fw.dimensions[0].questions[1].key)
    expect(screen.locator("#ws-question")).to_have_text(second.text)
    expect(guest.locator(".stage-question")).to_have_text(second.text, timeout=FOLLOW_MS)
    expect(board.locator("#ws-question")).to_have_text(second.text, timeout=FOLLOW_MS)

    # Closing the workshop ends the guest's access.
    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Close workshop").click()
    expect(board.get_by_role("heading", name="Live workshop")).to_be_visible()
    expect(guest.get_by_role("heading", name="The workshop has ended")).to_be_visible(
        timeout=FOLLOW_MS
    )
    guest.goto(base + workshop.participant_url())
    expect(guest.get_by_role("heading", name="Join a workshop")).to_be_visible()
    for ctx in (guest_ctx, bob_ctx, screen_ctx):
        ctx.close()


def test_every_question_fits_the_projector(live_server, assessment, page):
    """Context questions (up to eight answers) and the longest scored ones:
    the whole question fits a 1280x720 projector without scrolling."""
    from assessor.workshops import services as workshop_services

    alice = User.objects.get(email="alice@example.org")
    workshop = workshop_services.workshop_open(assessment=assessment, user=alice)
    fw = assessment.framework.parsed
    longest = sorted(
        fw.scored_questions, key=lambda q: -len(q.text) - sum(len(lv.text) for lv in q.levels)
    )[:3]
    page.set_viewport_size(PROJECTOR)
    sign_in(page, live_server.url, "alice@example.org")
    for key in [q.key for q in fw.context_questions] + [q.key for q in longest]:
        workshop_services.workshop_go(workshop=workshop, key=key)
        page.goto(live_server.url + workshop.presenter_url())
        height = page.evaluate("document.documentElement.scrollHeight")
        if height > PROJECTOR["height"]:
            page.screenshot(path=str(ARTIFACTS / f"workshop-screen-too-tall-{key}.png"))
        assert height <= PROJECTOR["height"], key
    workshop_services.workshop_go(workshop=workshop, key=fw.context_questions[3].key)
    page.goto(live_server.url + workshop.presenter_url())
    page.screenshot(path=str(ARTIFACTS / "workshop-screen-context.png"))
    # The board also works on the facilitator's phone.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + workshop.board_url())
    expect(page.get_by_role("button", name="Next →")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot(page, "workshop-board-phone")
