"""A facilitator runs an assessment in a real browser: mouse, keyboard,
reload mid-step, complete, results."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessor.frameworks.applicability import na_defaults
from assessor.models import Answer, Assessment, Framework
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(transactional_db):
    call_command("sync_frameworks", verbosity=0)


def sign_in(page, base, email):
    page.goto(base + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def saved(page, key):
    expect(page.locator(f"#q-{key}-meta .saved")).to_be_visible()


def test_run_an_assessment_by_mouse_and_keyboard(live_server, bank, personas, page, screenshot):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(base + "/orgs/acme/")
    page.get_by_role("link", name="New assessment").click()
    page.get_by_label("Title").fill("Baseline 2026")
    page.get_by_role("button", name="Start assessment").click()
    assessment = Assessment.objects.get(title="Baseline 2026")
    framework = assessment.framework.parsed

    # Context step, by mouse.
    expect(page.get_by_role("heading", name="Context", exact=True)).to_be_visible()
    for q in framework.context_questions:
        page.locator(f"#q-{q.key} .option").nth(1).click()
        saved(page, q.key)
    # The second choice of the usage question ("Models through an API") pre-fills
    # the training questions as N/A: they count as answered.
    chosen = {q.key: q.choices[1].key for q in framework.context_questions}
    defaults = na_defaults(framework, chosen)
    assert defaults
    answered = len(framework.context_questions) + len(defaults)
    expect(page.locator("#progress")).to_contain_text(f"{answered} of")
    screenshot("wizard-context")

    # First dimension: keyboard only.
    page.get_by_role("link", name="Next →").click()
    first = framework.dimensions[0]
    expect(page.get_by_role("heading", name=first.title)).to_be_visible()
    assert page.url.endswith(f"/step/{first.key}/")  # hx-push-url
    page.locator(f"#q-{first.questions[0].key} input[name=value]").first.focus()
    levels = [2, 3, 1, 4, 0, 2, 3]
    for i, q in enumerate(first.questions):
        page.keyboard.press(str(levels[i]))
        saved(page, q.key)
        if i + 1 < len(first.questions):
            page.keyboard.press("ArrowDown")
    # A note by typing: autosaved after a pause, no blur needed.
    note = page.locator(f"#q-{first.questions[0].key}-note")
    note.fill("Only the payments service has tests <b>yet</b>")
    saved(page, first.questions[0].key)
    screenshot("wizard-step")

    # Reload mid-step: every answer is still there.
    page.reload()
    for i, q in enumerate(first.questions):
        expect(page.locator(f"#q-{q.key} input[name=value][value='{levels[i]}']")).to_be_checked()
    expect(note).to_have_value("Only the payments service has tests <b>yet</b>")
    stored = Answer.objects.get(assessment=assessment, question_key=first.questions[0].key)
    assert stored.level == levels[0] and stored.note.startswith("Only the payments")

    # N/A without a note is refused in place, then accepted with one.
    q = first.questions[1]
    page.locator(f"#q-{q.key} .option", has_text="N/A").click()
    expect(page.locator(f"#q-{q.key}-note-errors")).to_contain_text("N/A needs a note")
    expect(page.locator(f"#q-{q.key}-meta")).to_contain_text("Not saved")
    assert Answer.objects.get(assessment=assessment, question_key=q.key).level == levels[1]
    page.locator(f"#q-{q.key}-note").fill("We buy this as a managed service.")
    saved(page, q.key)
    assert Answer.objects.get(assessment=assessment, question_key=q.key).state == "na"

    # Browser back returns to the context step.
    page.go_back()
    expect(page.get_by_role("heading", name="Context", exact=True)).to_be_visible()

    # Finish and see the results.
    page.goto(base + f"/orgs/acme/assessments/{assessment.code}/results/")
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.get_by_text("Recommendation", exact=True)).to_be_visible()
    expect(page.locator(".path-title")).not_to_be_empty()
    expect(page.get_by_text("Why this recommendation")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    screenshot("results")


def test_narrow_window_wizard(live_server, bank, personas, page, screenshot):
    from accounts.models import User
    from assessor import services
    from assessor.models import Framework

    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Phone check",
        scope="both",
        targets={},
        user=User.objects.get(email="alice@example.org"),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "bob@example.org")
    dim = assessment.framework.parsed.dimensions[0]
    page.goto(live_server.url + f"/orgs/acme/assessments/{assessment.code}/step/{dim.key}/")
    page.locator(f"#q-{dim.questions[0].key} .option").nth(2).click()
    saved(page, dim.questions[0].key)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("wizard-phone")


def test_conflicting_edits_in_two_browsers(live_server, bank, personas, browser, screenshot):
    from accounts.models import User
    from assessor import services
    from assessor.models import Framework

    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Two laptops",
        scope="both",
        targets={},
        user=User.objects.get(email="alice@example.org"),
    )
    dim = assessment.framework.parsed.dimensions[0]
    q = dim.questions[0]
    url = live_server.url + f"/orgs/acme/assessments/{assessment.code}/step/{dim.key}/"
    pages = {}
    for email in ("alice@example.org", "bob@example.org"):
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, live_server.url, email)
        page.goto(url)
        pages[email] = page
    alice, bob = pages["alice@example.org"], pages["bob@example.org"]

    alice.locator(f"#q-{q.key} .option").nth(3).click()
    saved(alice, q.key)
    # Bob's page still holds the old version: his save is refused, not lost.
    bob.locator(f"#q-{q.key} .option").nth(1).click()
    conflict = bob.locator(f"#q-{q.key}-meta .conflict")
    expect(conflict).to_contain_text("Alice Owner")
    expect(conflict).to_contain_text("Level 3")
    screenshot("wizard-conflict", of=bob)
    assert Answer.objects.get(assessment=assessment, question_key=q.key).level == 3

    conflict.get_by_role("button", name="Keep mine").click()
    saved(bob, q.key)
    answer = Answer.objects.get(assessment=assessment, question_key=q.key)
    assert (answer.level, answer.answered_by.email) == (1, "bob@example.org")

    # Alice is now the stale one; she takes Bob's answer instead.
    alice.locator(f"#q-{q.key} .option").nth(4).click()
    alice.locator(f"#q-{q.key}-meta .conflict").get_by_role("link", name="Use theirs").click()
    expect(alice.locator(f"#q-{q.key} input[name=value][value='1']")).to_be_checked()
    assert Answer.objects.get(assessment=assessment, question_key=q.key).level == 1


def started(personas, title="Details"):
    from accounts.models import User
    from assessor import services
    from assessor.models import Framework

    return services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title=title,
        scope="both",
        targets={},
        user=User.objects.get(email="alice@example.org"),
    )


def test_evidence_that_is_not_a_link_never_holds_back_the_level(
    live_server, bank, personas, page, screenshot
):
    assessment = started(personas, "Evidence")
    dim = assessment.framework.parsed.dimensions[0]
    first, second = dim.questions[0].key, dim.questions[1].key
    sign_in(page, live_server.url, "bob@example.org")
    page.goto(live_server.url + f"/orgs/acme/assessments/{assessment.code}/step/{dim.key}/")

    # Where to find it, rather than a link: kept, and the level click lands.
    page.get_by_label("Evidence").first.fill("Confluence > Planning")
    page.locator(f"#q-{first} .option").nth(3).click()
    saved(page, first)
    expect(page.locator(f"#q-{first}-evidence-errors")).to_be_empty()

    # Evidence the server cannot store (over 500 characters, past the
    # field's own limit) holds back only itself, and says so next to it.
    evidence = page.locator(f"#q-{second}-evidence")
    evidence.evaluate("el => el.removeAttribute('maxlength')")
    evidence.fill("x" * 501)
    page.locator(f"#q-{second} .option").nth(1).click()
    expect(page.locator(f"#q-{second}-evidence-errors")).to_contain_text(
        "keep the evidence under 500 characters"
    )
    expect(page.locator(f"#q-{second}-meta .saved")).to_contain_text("except what is marked")
    screenshot("wizard-evidence")

    page.reload()
    expect(page.locator(f"#q-{first} input[name=value][value='3']")).to_be_checked()
    expect(page.locator(f"#q-{first}-evidence")).to_have_value("Confluence > Planning")
    expect(page.locator(f"#q-{second} input[name=value][value='1']")).to_be_checked()
    expect(page.locator(f"#q-{second}-evidence")).to_have_value("")
    answers = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    assert (answers[first].level, answers[first].evidence) == (3, "Confluence > Planning")
    assert (answers[second].level, answers[second].evidence) == (1, "")


def test_step_list_keys_and_labels(live_server, bank, personas, page, screenshot):
    assessment = started(personas)
    fw = assessment.framework.parsed
    url = live_server.url + f"/orgs/acme/assessments/{assessment.code}/step/"
    sign_in(page, live_server.url, "alice@example.org")

    # Every select of "New assessment" is labelled.
    page.goto(live_server.url + "/orgs/acme/assessments/new/")
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('select')].filter(s => !s.labels.length).map(s => s.name)"
    )
    assert page.locator("select").count() > len(fw.dimensions) and unlabelled == []

    # A 900 px high laptop: the sticky step list never runs off the screen.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + f"{fw.dimensions[0].key}/")
    page.evaluate("window.scrollTo(0, 1500)")
    page.wait_for_timeout(300)
    box = page.locator("#step-nav").bounding_box()
    assert 0 <= box["y"] <= 20 and box["y"] + box["height"] <= 900
    # The list scrolls inside itself, to the current step even when it is the last.
    last = fw.dimensions[-1]
    page.goto(url + f"{last.key}/")
    page.evaluate("window.scrollTo(0, 400)")
    page.wait_for_timeout(300)
    box = page.locator("#step-nav").bounding_box()
    current = page.locator("#step-nav li.current").bounding_box()
    assert box["y"] <= current["y"] and current["y"] + current["height"] <= box["y"] + box["height"]
    assert current["y"] + current["height"] <= 900
    screenshot("wizard-900-last-step", full_page=False)
    screenshot("wizard-900")

    # Context questions: their own number keys, and "don't know".
    page.goto(url + "context/")
    q = fw.context_questions[0]
    hint = page.locator(".keys-hint")
    expect(hint).to_contain_text("pick the answer with that number")
    expect(hint).not_to_contain_text("0")
    page.locator(f"#q-{q.key} input[name=value]").first.focus()
    page.keyboard.press("2")
    expect(page.locator(f"#q-{q.key} input[value='{q.choices[1].key}']")).to_be_checked()
    saved(page, q.key)
    page.locator(f"#q-{q.key} .option", has_text="Don’t know").click()
    saved(page, q.key)
    assert Answer.objects.get(assessment=assessment, question_key=q.key).state == "unknown"

    # A phone: the step list is one row, scrolled to the current step.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + f"{last.key}/")
    page.wait_for_timeout(300)
    li = page.locator("#step-nav li.current").bounding_box()
    assert li["x"] >= 0 and li["x"] + li["width"] <= 390
    screenshot("wizard-phone-step-list", full_page=False)


def test_na_defaults_from_the_usage_answer_can_be_overridden(
    live_server, bank, personas, page, screenshot
):
    base = live_server.url
    sign_in(page, base, "bob@example.org")
    from assessor import services

    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="API-only shop",
        scope="both",
        targets={},
        user=personas.alice,
    )
    step = base + f"/orgs/acme/assessments/{assessment.code}/step/"
    page.goto(step + "context/")
    page.locator("#q-model_usage .option", has_text="Models through an API").click()
    saved(page, "model_usage")
    expect(page.locator("#q-model_usage-meta")).to_contain_text("N/A by default")

    page.goto(step + "reproducible_training/")
    expect(page.get_by_text("How to pick a level:")).to_be_visible()
    key = "training_pipeline_automation"
    expect(page.locator(f"#q-{key} input[value=na]")).to_be_checked()
    expect(page.locator(f"#q-{key}-note")).to_have_value(re.compile("^N/A by default"))
    expect(page.locator(f"#q-{key} .option", has_text="N/A")).to_contain_text(
        "N/A when you train or fine-tune no model yourself"
    )
    screenshot("wizard-na-default")
    # The room knows better: a level replaces the default, the history keeps both.
    page.locator(f"#q-{key} .option").nth(2).click()  # level 2
    saved(page, key)
    stored = Answer.objects.get(assessment=assessment, question_key=key)
    assert (stored.state, stored.level) == ("answered", 2)
    assert [r.new["state"] for r in stored.revisions.order_by("at", "id")] == ["na", "answered"]
