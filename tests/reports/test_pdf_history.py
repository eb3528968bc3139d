"""Issues 6 and 7 in the document: "progress since" for an assessment with a
predecessor, and the appendix "where the team disagreed"."""

from assessor import services as assessor_services
from assessor.models import Answer
from assessor.workshops import services as workshop_services
from assessor.workshops.models import Round
from reports import pdf, services
from tests.reports.conftest import pdftotext
from tests.workshops.conftest import scored_keys


def test_a_follow_up_report_shows_progress_and_the_trend(assessment, personas, tmp_path):
    assessor_services.assessment_complete(assessment=assessment, user=personas.alice)
    follow_up = assessor_services.assessment_follow_up(base=assessment, user=personas.alice)
    # CI/CD builds on source control and testing (bank v2), so both move to 4.
    fw = follow_up.framework.parsed
    for q in fw.questions_of("ci_cd") + fw.questions_of("source_control_testing"):
        Answer.objects.filter(assessment=follow_up, question_key=q.key).update(
            level=4, carried_over=False
        )
    # While the follow-up is a draft its report names the baseline but claims no trend.
    draft = services.report_request(assessment=follow_up, user=personas.alice)
    assert draft.snapshot["progress"]["pending"] is True
    assert "Progress since" not in pdf.render_html(draft.snapshot)

    assessor_services.assessment_complete(assessment=follow_up, user=personas.alice)
    report = services.report_request(assessment=follow_up, user=personas.alice)
    progress = report.snapshot["progress"]
    assert progress["since_title"] == assessment.title
    ci_cd = next(d for d in progress["dimensions"] if d["title"].startswith("CI/CD"))
    assert ci_cd["direction"] == "up" and ci_cd["after"] == 4.0
    assert len(progress["trend"]["labels"]) == 2

    out = tmp_path / "follow-up.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))
    text = " ".join(pdftotext(out).split())
    assert "Progress since" in text
    assert f"Compared with “{assessment.title}”" in text
    assert "DevOps and MLOps indices over time" in pdf.render_html(report.snapshot)
    assert "▲ +" in text


def test_a_first_assessment_has_no_progress_section(assessment, personas, tmp_path):
    report = services.report_request(assessment=assessment, user=personas.alice)
    assert report.snapshot["progress"] is None
    assert "Progress since" not in pdf.render_html(report.snapshot)


def test_disagreements_from_a_workshop_get_an_appendix(assessment, personas, tmp_path):
    workshop = workshop_services.workshop_open(assessment=assessment, user=personas.alice)
    key = scored_keys(workshop)[0]
    workshop_services.workshop_go(workshop=workshop, key=key)
    for i, (level, comment) in enumerate([(0, "Only on my team"), (1, ""), (4, "We do this")]):
        p = workshop_services.participant_join(workshop=workshop, display_name=f"P{i}", user=None)
        workshop_services.vote_cast(
            workshop=workshop, participant_id=p.pk, question_key=key, level=level, comment=comment
        )
    round_ = Round.objects.get(workshop=workshop, question_key=key)
    workshop_services.consensus_set(
        round_=round_, user=personas.alice, state="answered", level=1, note=""
    )
    report = services.report_request(assessment=assessment, user=personas.alice)
    assert [d["question_key"] for d in report.snapshot["disagreements"]] == [key]

    out = tmp_path / "workshop.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))
    text = " ".join(pdftotext(out).split())
    assert "Appendix: where the team disagreed" in text
    assert "“We do this”" in text
    assert "consensus of 3 votes" in text
