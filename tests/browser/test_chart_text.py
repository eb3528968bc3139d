"""Charts are readable where they are shown: every chart text is at least
12 px as rendered on a 1440-wide desktop, a 390-wide phone and a 1280x720
projector; the timeline's labels never overlap, and its controls stay inside
their card."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessor.models import Assessment

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844), "projector": (1280, 720)}

# Rendered size of each chart text: its font size times the scale from SVG
# units to screen pixels (the text's screen transform).
TEXT_SIZES = """() => Array.from(document.querySelectorAll(".chart svg text")).map(t => ({
    text: t.textContent,
    px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
}))"""

OVERLAPS = """() => {
  const found = [];
  const meet = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  document.querySelectorAll(".chart svg.trend").forEach(svg => {
    const boxes = Array.from(svg.querySelectorAll("text"))
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (meet(boxes[i][1], boxes[j][1])) found.push(boxes[i][0] + " / " + boxes[j][0]);
      }
    }
  });
  return found;
}"""

CONTROLS_OUTSIDE = """() => Array.from(
  document.querySelectorAll(".chart select, .chart button, .chart label")
).filter(el => {
  const card = el.closest(".card").getBoundingClientRect(), box = el.getBoundingClientRect();
  return box.left < card.left || box.right > card.right
    || box.top < card.top || box.bottom > card.bottom;
}).map(el => el.outerHTML.slice(0, 60))"""


@pytest.fixture
def demo(live_server, transactional_db, page):
    call_command("sync_frameworks", verbosity=0)
    call_command("ensure_demo", verbosity=0)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("assess-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    latest = Assessment.objects.get(title="Annual review")
    slug = latest.organization.slug
    return {
        "results": live_server.url + reverse("assessor:results", args=[slug, latest.code]),
        "timeline": live_server.url + reverse("assessor:timeline", args=[slug]),
    }


@pytest.mark.parametrize("size", SIZES)
def test_chart_text_is_at_least_12px(demo, page, screenshot, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    for name, url in demo.items():
        page.goto(url)
        texts = page.evaluate(TEXT_SIZES)
        assert len(texts) > 20, f"{name}: no charts found"
        small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < 12 - 0.01]
        assert small == [], f"{name} at {size}: text below 12 px"
        screenshot(f"charts-{name}-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_timeline_labels_never_collide_and_controls_stay_in_their_card(demo, page, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(demo["timeline"])
    assert page.locator(".chart svg.trend").count() == 2
    assert page.evaluate(OVERLAPS) == []
    assert page.evaluate(CONTROLS_OUTSIDE) == []
    # Picking another practice area redraws (app.js submits the form).
    page.locator("#dimension").select_option("ml_governance")
    page.wait_for_url("**dimension=ml_governance")
    assert page.evaluate(OVERLAPS) == []
