"""GET …/reports/<report>/download/: any member downloads a ready report."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from reports import services
from reports.models import Report

# What is stored is the renderer's business (test_render.py, test_worker.py);
# here any stored file will do.
PDF = b"%PDF-1.7\n% a stored report\n%%EOF\n"


def mark_ready(report: Report) -> Report:
    default_storage.save(report.storage_name, ContentFile(PDF))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.storage_name,
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def ready(assessment, personas, backend):
    return mark_ready(services.report_request(assessment=assessment, user=personas.alice))


def url(report, slug="acme"):
    return reverse("reports:download", args=[slug, report.assessment.code, report.code])


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_member_downloads(ready, personas, login, who):
    r = login(getattr(personas, who)).get(url(ready))

    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    day = ready.requested_at.date().isoformat()
    assert r["Content-Disposition"] == (
        f'attachment; filename="acme-payments-platform-readiness-2026-{day}-v1.pdf"'
    )
    assert b"".join(r.streaming_content) == PDF
    # Streamed by the app from either storage, never a redirect to the bucket.
    assert r["Cache-Control"] == "private, no-store"


def test_the_pdfa_variant_says_so_in_its_name(assessment, personas, login):
    report = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.PDFA
    )
    mark_ready(report)
    r = login(personas.carol).get(url(report))
    assert r["Content-Disposition"].endswith('-v1-pdfa.pdf"')


def test_it_checks_membership(ready, personas, login):
    assert login(personas.charlie).get(url(ready)).status_code == 404
    assert login(personas.charlie).get(url(ready, slug="bolt")).status_code == 404


def test_it_redirects_anonymous(client, ready):
    r = client.get(url(ready))
    assert r.status_code == 302 and reverse("accounts:login") in r.url


@pytest.mark.parametrize("status", ["queued", "rendering", "failed"])
def test_only_ready_reports_download(assessment, personas, login, status):
    report = services.report_request(assessment=assessment, user=personas.alice)
    Report.objects.filter(pk=report.pk).update(status=status)
    assert login(personas.alice).get(url(report)).status_code == 404


def test_an_unknown_report_is_404(ready, personas, login):
    bogus = reverse(
        "reports:download",
        args=["acme", ready.assessment.code, "00000000-0000-0000-0000-000000000000"],
    )
    assert login(personas.alice).get(bogus).status_code == 404


def test_a_file_lost_from_storage_is_404(ready, backend, personas, login):
    backend_name = ready.storage_name
    Report.file.field.storage.delete(backend_name)
    assert backend.names() == []

    assert login(personas.alice).get(url(ready)).status_code == 404
