"""The PDF of a bank-v2 assessment shows the brain's new parts in client words:
the provisional label, the delivery profile, the reference levels, how a level
is picked, when N/A is legitimate, and the months the roadmap actually plans."""

from assessor.models import Answer
from reports import pdf, services
from tests.reports.conftest import pdftotext


def test_a_v2_report_shows_the_profile_references_and_method(assessment, personas, tmp_path):
    # the fixture answers four of the eight context questions: provisional
    report = services.report_request(assessment=assessment, user=personas.alice)
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))

    text = " ".join(pdftotext(out).split())
    advice = report.snapshot["advice"]
    assert advice["path"]["provisional"]
    assert "PROVISIONAL" in text.upper()
    assert "Delivery performance profile" in text
    assert "Reference levels" in text and "Google Cloud MLOps level" in text
    assert "How a level is picked" in text
    assert 'When "not applicable" is a legitimate answer' in text
    assert f"for this assessment, {advice['schedule']}, budget included" in text
    assert f"in the next {advice['horizon_months']} months" in text
    for raw in ("ml_governance", "data_scientists_only", "ai_adoption_stage"):
        assert raw not in text


def test_answering_the_context_removes_the_provisional_label(assessment, personas, tmp_path):
    framework = assessment.framework.parsed
    for question in framework.context_questions:
        Answer.objects.update_or_create(
            assessment=assessment,
            question_key=question.key,
            defaults={"state": "answered", "choice": question.choices[-1].key},
        )
    report = services.report_request(assessment=assessment, user=personas.alice)
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))

    assert not report.snapshot["advice"]["path"]["provisional"]
    assert "This path rests on incomplete answers" not in " ".join(pdftotext(out).split())


def test_the_delivery_profile_is_never_counted_as_a_practice_area(assessment, personas, tmp_path):
    framework = assessment.framework.parsed
    profile = framework.dimension("delivery_performance")
    # The delivery keys answered lowest of all: still not the "weakest practice".
    for question in profile.questions:
        Answer.objects.filter(assessment=assessment, question_key=question.key).update(level=0)
    report = services.report_request(assessment=assessment, user=personas.alice)
    context = pdf.document_context(report.snapshot)
    devops = next(a for a in context["area_list"] if a["key"] == "devops")
    assert devops["weakest"]["key"] != profile.key
    practices = [d for d in framework.dimensions if not d.is_profile]
    assert len(context["practice_areas"]) == len(practices)

    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))
    text = " ".join(pdftotext(out).split())
    assert f"in {len(practices)} practice areas" in text
    weights = text.split("Weights")[1].split("Gating")[0]
    assert "Source control and automated testing" in weights
    assert profile.title not in weights
