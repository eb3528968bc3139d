"""The results page of a bank-v2 assessment in a real browser: a half-answered
insurer sees the provisional label, what to find out first, the delivery profile
and the reference levels, all in client words."""

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessor import services as assessor_services
from assessor.brain.scenarios import CLIENTS, answers_for
from assessor.models import Answer, Framework
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path("/work/wt/shots/w12b")


@pytest.fixture
def insurer(transactional_db, personas):
    call_command("sync_frameworks", verbosity=0)
    framework = Framework.objects.get(key="devops-mlops-readiness", version=2)
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Claims platform 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    client = next(c for c in CLIENTS if c.key == "insurer_half_unknown")
    for key, answer in answers_for(framework.parsed, client).items():
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=key,
            defaults={"state": answer.state, "level": answer.level, "note": answer.note},
        )
    for key, choice in client.context.items():
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=key,
            defaults={"state": "answered", "choice": choice},
        )
    return assessment


def test_the_v2_results_show_the_new_sections_in_client_words(
    live_server, insurer, page, screenshot
):
    base = live_server.url
    page.goto(base + "/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/orgs/acme/assessments/{insurer.code}/results/")

    expect(page.get_by_role("heading", name="Provisional recommendation")).to_be_visible()
    expect(page.get_by_role("heading", name="Delivery performance profile")).to_be_visible()
    expect(page.get_by_role("heading", name="Reference levels")).to_be_visible()
    expect(page.get_by_role("heading", name="Find out first")).to_be_visible()
    expect(page.get_by_text("Google Cloud MLOps level 0 of 2")).to_be_visible()
    text = page.locator("main").inner_text()
    for raw in ("ml_governance", "data_scientists_only", "ai_adoption_stage", "model_safety"):
        assert raw not in text
    assert not re.search(r"months? 0–0", text)
    path = screenshot("results-v2-insurer")
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / "results-v2-insurer.png")
