"""A real Celery worker renders a German report: the snapshot is taken in the
assessment's language on the web side and the worker renders it in the
language the snapshot records, whatever language the worker itself runs in."""

import pytest

from reports import services
from reports.models import Report
from tests.reports.conftest import pdftotext, wait_for
from tests.reports.language import normalized

pytestmark = pytest.mark.services


def test_the_worker_renders_a_german_report(
    worker, worker_settings, transactional_db, assessment, personas, tmp_path
):
    assessment.language = "de"
    report = services.report_request(assessment=assessment, user=personas.alice)
    assert report.snapshot["language"] == "de"

    wait_for(report, Report.Status.READY, Report.Status.FAILED)

    assert report.status == Report.Status.READY, report.error
    path = tmp_path / "bericht.pdf"
    path.write_bytes(worker_settings.read(report.storage_name))
    text = normalized(pdftotext(path))
    for heading in ("Management Summary", "Lückenanalyse", "Roadmap in Phasen", "Seite 2 von"):
        assert heading in text
    assert normalized(report.snapshot["advice"]["path"]["title"]) in text
    assert "Executive summary" not in text and "Gap analysis" not in text
