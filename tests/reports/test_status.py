"""GET …/reports/<report>/: the report's page, and the status fragment htmx polls."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Report

HTMX = {"HX-Request": "true"}


@pytest.fixture
def report(assessment, personas):
    return services.report_request(assessment=assessment, user=personas.alice)


def url(report, slug="acme", code=None):
    return reverse("reports:status", args=[slug, code or report.assessment.code, report.code])


def set_status(report, status, **fields):
    Report.objects.filter(pk=report.pk).update(status=status, **fields)


def test_a_queued_report_keeps_polling(report, personas, login):
    r = login(personas.carol).get(url(report), headers=HTMX)

    assert r.status_code == 200
    assert f'hx-get="{url(report)}"' in r.text
    assert 'hx-trigger="every 2s"' in r.text and 'hx-swap="outerHTML"' in r.text
    assert 'aria-current="step">Queued' in r.text
    assert "<html" not in r.text  # only the fragment


def test_a_rendering_report_shows_its_progress(report, personas, login):
    set_status(report, Report.Status.RENDERING, started_at=timezone.now())

    r = login(personas.bob).get(url(report), headers=HTMX)

    assert r.status_code == 200
    assert 'aria-current="step">Rendering' in r.text
    assert '<progress max="3" value="2">' in r.text


def test_a_ready_report_stops_polling_and_offers_the_download(report, personas, login):
    set_status(report, Report.Status.READY, file=report.storage_name, size=123456)

    r = login(personas.carol).get(url(report), headers=HTMX)

    assert r.status_code == 286
    assert "hx-trigger" not in r.text
    download = reverse("reports:download", args=["acme", report.assessment.code, report.code])
    assert f'href="{download}"' in r.text and "Download PDF" in r.text


def test_a_failed_report_stops_polling_and_shows_why(report, personas, login):
    set_status(report, Report.Status.FAILED, error="Rendering failed: <b>boom</b>")

    r = login(personas.alice).get(url(report), headers=HTMX)

    assert r.status_code == 286
    assert "Rendering failed: &lt;b&gt;boom&lt;/b&gt;" in r.text
    retry = reverse("reports:retry", args=["acme", report.assessment.code, report.code])
    assert f'action="{retry}"' in r.text and f'hx-post="{retry}"' in r.text


def test_only_facilitators_see_the_retry_button(report, personas, login):
    set_status(report, Report.Status.FAILED, error="boom")
    assert "Try again" not in login(personas.carol).get(url(report), headers=HTMX).text


def test_without_htmx_it_is_a_full_page(report, personas, login):
    r = login(personas.carol).get(url(report))

    assert r.status_code == 200
    assert "<html" in r.text and "Report v1" in r.text
    assert f'hx-get="{url(report)}"' in r.text


def test_it_checks_membership(report, personas, login):
    assert login(personas.charlie).get(url(report), headers=HTMX).status_code == 404
    assert login(personas.charlie).get(url(report, slug="bolt")).status_code == 404


def test_a_report_of_another_assessment_is_404(report, personas, login, other_assessment):
    r = login(personas.charlie).get(url(report, slug="bolt", code=other_assessment.code))
    assert r.status_code == 404


def test_it_redirects_anonymous(client, report):
    r = client.get(url(report))
    assert r.status_code == 302 and reverse("accounts:login") in r.url


def test_a_poll_requeues_a_render_its_worker_lost(
    report, personas, login, settings, django_capture_on_commit_callbacks
):
    lost = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    set_status(report, Report.Status.RENDERING, started_at=lost, attempts=1)

    with django_capture_on_commit_callbacks() as callbacks:
        r = login(personas.carol).get(url(report), headers=HTMX)

    assert r.status_code == 200 and 'aria-current="step">Queued' in r.text
    assert len(callbacks) == 1


def test_the_poll_stays_within_its_query_budget(
    report, personas, login, django_assert_max_num_queries
):
    client, poll = login(personas.carol), url(report)
    # session, user, the organization's two-factor rule, membership, assessment, report
    with django_assert_max_num_queries(6):
        assert client.get(poll, headers=HTMX).status_code == 200
    set_status(report, Report.Status.READY, file=report.storage_name, size=1)
    with django_assert_max_num_queries(6):
        assert client.get(poll, headers=HTMX).status_code == 286
