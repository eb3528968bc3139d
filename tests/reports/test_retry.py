"""POST …/reports/<report>/retry/: facilitators queue a failed report again."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import Report


@pytest.fixture
def failed(assessment, personas):
    report = services.report_request(assessment=assessment, user=personas.alice)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, error="boom", attempts=3
    )
    return report


def url(report, slug="acme"):
    return reverse("reports:retry", args=[slug, report.assessment.code, report.code])


def test_the_owner_retries(failed, personas, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        r = login(personas.alice).post(url(failed))

    assert r.status_code == 302
    assert r.url == reverse("reports:list", args=["acme", failed.assessment.code])
    failed.refresh_from_db()
    assert failed.status == Report.Status.QUEUED
    assert failed.error == "" and failed.attempts == 0
    assert len(callbacks) == 1


def test_htmx_gets_the_polling_status_back(failed, personas, login):
    r = login(personas.alice).post(url(failed), headers={"HX-Request": "true"})

    assert r.status_code == 200
    assert 'hx-trigger="every 2s"' in r.text and f'id="report-{failed.code}"' in r.text


def test_a_report_that_has_not_failed_is_left_alone(failed, personas, login):
    Report.objects.filter(pk=failed.pk).update(status=Report.Status.READY)
    login(personas.alice).post(url(failed))
    failed.refresh_from_db()
    assert failed.status == Report.Status.READY


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_participants_and_viewers_may_not(failed, personas, login, who):
    assert login(getattr(personas, who)).post(url(failed)).status_code == 403
    failed.refresh_from_db()
    assert failed.status == Report.Status.FAILED


def test_it_checks_membership(failed, personas, login):
    assert login(personas.charlie).post(url(failed)).status_code == 404
    assert login(personas.charlie).post(url(failed, slug="bolt")).status_code == 404


def test_it_needs_post(failed, personas, login):
    assert login(personas.alice).get(url(failed)).status_code == 405
