"""The PDF lists expired evidence, marks it beside its answer and states the
rule in its methodology, as of the day the report was requested."""

import datetime

from django.utils import timezone

from assessor import evidence
from assessor.models import Answer
from reports import pdf, services
from tests.reports.conftest import pdftotext


def test_the_pdf_lists_expired_evidence_and_states_the_rule(assessment, personas, tmp_path):
    expired_on = timezone.localdate() - datetime.timedelta(days=10)
    framework = assessment.framework.parsed
    stale, fresh = framework.scored_questions[1], framework.scored_questions[2]
    Answer.objects.filter(assessment=assessment, question_key=stale.key).update(
        evidence="https://wiki.example.org/<b>old</b>-runbook",
        evidence_owner=personas.bob,
        evidence_valid_until=expired_on,
    )
    Answer.objects.filter(assessment=assessment, question_key=fresh.key).update(
        evidence="Confluence > Releases",
        evidence_valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )

    report = services.report_request(assessment=assessment, user=personas.alice)
    snapshot = report.snapshot
    html = pdf.render_html(snapshot)
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(snapshot))
    text = " ".join(pdftotext(out).split())

    assert [e["question_key"] for e in snapshot["expired_evidence"]] == [stale.key]
    assert snapshot["method"]["evidence_rule"] == evidence.RULE
    assert "&lt;b&gt;old&lt;/b&gt;" in html and "<b>old</b>" not in html
    assert "Expired evidence" in text
    assert "1 answer rests on evidence whose valid-until day had passed" in text
    assert "Bob Participant" in text
    assert expired_on.strftime("%-d %b %Y") in text
    assert "Evidence that ages" in text
    assert "counts 50% towards confidence" in text
    # only the expired one is listed; the fresh one shows its day beside its answer
    assert text.count("nobody named") == 0
    assert "Evidence valid until" in text
