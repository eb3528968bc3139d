"""A title or an organization name with a long unbroken word (a pasted link, a
file name) wraps instead of widening a phone's page past its screen."""

import pytest
from django.core.management import call_command

from assessor import services
from assessor.models import Framework
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LONG = "https://wiki.example.org/Readiness/Platform_Assessment_2026_final_review_v3"


def test_long_words_wrap_on_a_phone(live_server, transactional_db, personas, page):
    call_command("sync_frameworks", verbosity=0)
    org = personas.org_a
    org.name = "Acme" + "Payments" * 6
    org.save()
    assessment = services.assessment_start(
        organization=org,
        framework=Framework.objects.order_by("-version").first(),
        title=f"Baseline {LONG}",
        scope="both",
        targets={},
        user=personas.alice,
    )
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
    prefix = f"/orgs/{org.slug}/assessments/{assessment.code}/"
    for path in ("/", f"/orgs/{org.slug}/", prefix + "step/ci_cd/", prefix + "results/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px phone"
