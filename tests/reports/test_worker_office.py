"""A real Celery worker on Redis renders the Word report and the deck (not
eager mode): requested like the PDF, listed and versioned with it, downloaded
through the same permission check with the format's name and type."""

import hashlib
import io

import docx
import pytest
from django.urls import reverse
from pptx import Presentation

from reports import services
from reports.docx import render_docx
from reports.models import DOCX, PPTX, Report
from tests.reports.conftest import wait_for
from tests.storage import Backend

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def worker_backend(tmp_path_factory) -> Backend:
    """The file system only: storage is not the subject here (test_worker.py
    runs the worker against both)."""
    return Backend("filesystem", tmp_path_factory.mktemp("worker-media"))


def test_the_worker_renders_word_and_powerpoint(
    worker, worker_settings, transactional_db, assessment, personas, login
):
    pdf = services.report_request(assessment=assessment, user=personas.alice)
    word = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.DOCX
    )
    deck = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.PPTX
    )
    assert [r.number for r in (pdf, word, deck)] == [1, 2, 3]  # one numbering for all formats

    for report in (pdf, word, deck):
        wait_for(report, Report.Status.READY, Report.Status.FAILED, timeout=120)
        assert report.status == Report.Status.READY, report.error

    assert sorted(worker_settings.names(f"reports/{assessment.code}/")) == sorted(
        r.storage_name for r in (pdf, word, deck)
    )
    data = worker_settings.read(word.storage_name)
    assert word.sha256 == hashlib.sha256(data).hexdigest() and word.size == len(data)
    # The worker rendered exactly the snapshot: the same document as rendering it here.
    document = docx.Document(io.BytesIO(data))
    here = docx.Document(io.BytesIO(render_docx(word.snapshot)))
    assert [p.text for p in document.paragraphs] == [p.text for p in here.paragraphs]
    # The cover's title sits in the brand-coloured band, a one-cell table.
    cover = [p for t in document.tables[:1] for c in t.rows[0].cells for p in c.paragraphs]
    assert any(p.text == "Acme Payments" and p.style.name == "Title" for p in cover)
    slides = Presentation(io.BytesIO(worker_settings.read(deck.storage_name))).slides
    assert 10 <= len(slides) <= 14

    # The viewer downloads both through the same view, with the format's name and type.
    client = login(personas.carol)
    for report, kind in ((word, DOCX), (deck, PPTX)):
        args = ["acme", assessment.code, report.code]
        response = client.get(reverse("reports:download", args=args))
        assert response.status_code == 200
        assert response["Content-Type"] == kind.content_type
        assert response["Content-Disposition"].endswith(f'-v{report.number}.{kind.extension}"')
        assert b"".join(response.streaming_content) == worker_settings.read(report.storage_name)
    # Listed with the PDF, newest first, each with its format.
    listing = client.get(reverse("reports:list", args=["acme", assessment.code])).text
    assert listing.index(">v3<") < listing.index(">v2<") < listing.index(">v1<")
    assert "PowerPoint readout deck (PPTX)" in listing and "Word report (DOCX)" in listing
    # Another organization's member gets a 404, as for the PDF.
    outsider = login(personas.charlie)
    args = ["acme", assessment.code, word.code]
    assert outsider.get(reverse("reports:download", args=args)).status_code == 404
