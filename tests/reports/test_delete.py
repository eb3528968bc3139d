"""POST …/reports/<report>/delete/: a facilitator deletes a version and its file."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports import services
from reports.models import Report

PDF = b"%PDF-1.7\n% stored\n%%EOF\n"


@pytest.fixture
def ready(assessment, personas, backend):
    report = services.report_request(assessment=assessment, user=personas.alice)
    Report.file.field.storage.save(report.storage_name, ContentFile(PDF))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY, file=report.storage_name, sha256=hashlib.sha256(PDF).hexdigest()
    )
    return report


def url(report, slug="acme", action="delete"):
    return reverse(f"reports:{action}", args=[slug, report.assessment.code, report.code])


def test_it_deletes_the_version_and_its_file(
    ready, backend, personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.alice)
    page = client.get(url(ready, action="status"))
    assert "Delete report v1" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url(ready))

    assert r.status_code == 302
    assert r.url == reverse("reports:list", args=["acme", ready.assessment.code])
    assert not Report.objects.filter(pk=ready.pk).exists()
    assert backend.names() == []
    assert "Report v1 and its file were deleted." in client.get(r.url).text


def test_participants_cannot_delete(ready, backend, personas, login):
    client = login(personas.bob)
    assert "Delete report" not in client.get(url(ready, action="status")).text
    assert client.post(url(ready)).status_code == 403
    assert Report.objects.filter(pk=ready.pk).exists()
    assert backend.names() == [ready.storage_name]


def test_it_checks_membership(ready, personas, login):
    assert login(personas.charlie).post(url(ready)).status_code == 404
    assert login(personas.charlie).post(url(ready, slug="bolt")).status_code == 404
    assert Report.objects.filter(pk=ready.pk).exists()


def test_it_needs_a_post(ready, personas, login):
    assert login(personas.alice).get(url(ready)).status_code == 405
