"""A facilitator generates a PDF report in a real browser, watches its status
change without reloading (htmx polling), downloads it and deletes it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessor import services as assessor_services
from assessor.models import Framework
from reports import rendering, services
from reports.models import Report
from tests.conftest import PASSWORD
from tests.reports.conftest import answer_everything

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(transactional_db, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("sync_frameworks", verbosity=0)
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=Framework.objects.order_by("-version").first(),
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_everything(assessment, personas.alice)
    return assessment


@pytest.fixture
def held_renders(monkeypatch):
    """Renders wait for the test to run them, so the page shows every status."""
    sent: list[int] = []
    monkeypatch.setattr(services, "_send", sent.append)
    return sent


def test_generate_watch_download_and_delete(
    live_server, workshop, page, held_renders, screenshot, settings
):
    base = live_server.url
    page.goto(base + "/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/orgs/acme/assessments/{workshop.code}/reports/")
    expect(page.get_by_text("No report yet.")).to_be_visible()

    page.get_by_role("button", name="Generate report").click()

    expect(page.get_by_text("Report v1 requested.")).to_be_visible()
    status = page.locator(".report-status").first
    expect(status.locator("[aria-current=step]")).to_have_text("Queued")
    screenshot("reports-queued")
    report = Report.objects.get()
    assert held_renders == [report.id]

    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING)
    expect(status.locator("[aria-current=step]")).to_have_text("Rendering", timeout=5000)
    rendering.report_render(report_id=report.id)
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=5000)  # polled in, no reload
    screenshot("reports-ready")

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("acme-payments-platform-readiness-2026-")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # A facilitator deletes the version from its page, after opening the
    # disclosure that says what will happen.
    page.goto(f"{base}/orgs/acme/assessments/{workshop.code}/reports/{report.code}/")
    page.get_by_text("Delete this version…").click()
    screenshot("reports-delete")
    page.get_by_role("button", name="Delete report v1").click()

    expect(page.get_by_text("Report v1 and its file were deleted.")).to_be_visible()
    expect(page.get_by_text("No report yet.")).to_be_visible()
    assert not Report.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))
