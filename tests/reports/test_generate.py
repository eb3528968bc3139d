"""POST …/reports/generate/: facilitators and owners start a new version."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.urls import reverse

from reports.models import Report
from tests.reports.conftest import ROOT, free_port


def url(assessment, slug="acme"):
    return reverse("reports:generate", args=[slug, assessment.code])


def test_the_owner_generates_and_lands_on_the_list(assessment, personas, login):
    r = login(personas.alice).post(url(assessment))

    report = Report.objects.get(assessment=assessment)
    assert r.status_code == 302
    assert r.url == reverse("reports:list", args=["acme", assessment.code])
    assert report.status == Report.Status.QUEUED
    assert report.requested_by == personas.alice
    assert report.variant == Report.Variant.STANDARD


@pytest.mark.parametrize("variant", ["pdfa", "docx", "pptx"])
def test_a_facilitator_picks_the_format(assessment, personas, login, variant):
    membership = personas.membership(personas.bob, personas.org_a)
    membership.role = "facilitator"
    membership.save()

    r = login(personas.bob).post(url(assessment), {"variant": variant})

    assert r.status_code == 302
    assert Report.objects.get(assessment=assessment).variant == variant


def test_the_first_releases_pdfa_checkbox_still_works(assessment, personas, login):
    r = login(personas.alice).post(url(assessment), {"pdfa": "1"})

    assert r.status_code == 302
    assert Report.objects.get(assessment=assessment).variant == Report.Variant.PDFA


def test_an_unknown_format_is_refused(assessment, personas, login):
    r = login(personas.alice).post(url(assessment), {"variant": "xlsx"})

    assert r.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_participants_and_viewers_may_not(assessment, personas, login, who):
    r = login(getattr(personas, who)).post(url(assessment))
    assert r.status_code == 403
    assert not Report.objects.exists()


def test_it_checks_membership(assessment, personas, login):
    assert login(personas.charlie).post(url(assessment)).status_code == 404
    assert login(personas.charlie).post(url(assessment, slug="bolt")).status_code == 404
    assert not Report.objects.exists()


def test_it_redirects_anonymous(client, assessment):
    r = client.post(url(assessment))
    assert r.status_code == 302 and reverse("accounts:login") in r.url


def test_it_needs_post_and_csrf(assessment, personas, client):
    client.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url(assessment)).status_code == 405
    client.handler.enforce_csrf_checks = True
    assert client.post(url(assessment)).status_code == 403
    assert not Report.objects.exists()


def test_htmx_gets_the_panel_back(assessment, personas, login):
    r = login(personas.alice).post(url(assessment), headers={"HX-Request": "true"})

    assert r.status_code == 200
    report = Report.objects.get(assessment=assessment)
    assert 'id="report-panel"' in r.text
    status = reverse("reports:status", args=["acme", assessment.code, report.code])
    assert f'hx-get="{status}"' in r.text and 'hx-trigger="every 2s"' in r.text
    assert "Generate report" in r.text
    for value in ("standard", "pdfa", "docx", "pptx"):
        assert f'name="variant" value="{value}"' in r.text


def test_in_process_mode_renders_before_answering(
    assessment, personas, login, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = login(personas.alice).post(url(assessment), headers={"HX-Request": "true"})

    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.READY
    assert r.status_code == 200


# The broker-down case runs the real thing in a subprocess: settings read
# REDIS_URL (pointing at a closed port) at start-up, as in production.
BROKER_DOWN = textwrap.dedent(
    """
    import json, time
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from accounts.models import Membership, Organization, User
    from assessor import services
    from assessor.models import Framework
    from reports.models import Report

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("sync_frameworks", verbosity=0)
    user = User.objects.create_user("fran@example.org", "x", full_name="Fran")
    org = Organization.objects.create(name="Acme", slug="acme")
    Membership.objects.create(user=user, organization=org, role="facilitator")
    assessment = services.assessment_start(
        organization=org, framework=Framework.objects.order_by("-version").first(),
        title="Baseline", scope="both", targets={}, user=user,
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = f"/orgs/acme/assessments/{assessment.code}/reports/generate/"
    started = time.monotonic()
    htmx = client.post(url, headers={"HX-Request": "true"})
    seconds = time.monotonic() - started
    plain = client.post(url, follow=True)
    print(json.dumps({
        "htmx_status": htmx.status_code, "htmx": htmx.content.decode(), "seconds": seconds,
        "plain_status": plain.status_code, "plain": plain.content.decode(),
        "reports": list(Report.objects.order_by("number").values("status", "error")),
    }))
    """
)


def test_a_broker_that_is_down_fails_the_report_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="assessor.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="CRITICAL",
    )
    done = subprocess.run(
        [sys.executable, "-c", BROKER_DOWN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["htmx_status"] == 200 and result["plain_status"] == 200
    assert result["seconds"] < 10
    assert [r["status"] for r in result["reports"]] == ["failed", "failed"]
    message = "The report queue is not reachable, so rendering could not start."
    assert all(r["error"].startswith(message) for r in result["reports"])
    assert message in result["htmx"] and "Try again" in result["htmx"]
    assert "could not start" in result["plain"] and message in result["plain"]
