from django.urls import reverse

from assessor import services
from assessor.models import Answer
from tests.assessor.conftest import answer_all

URL = reverse("assessor:compare", args=["acme"])


def two_rounds(personas, assessment):
    answer_all(assessment, personas.alice, 2)
    services.assessment_complete(assessment=assessment, user=personas.alice)
    later = services.assessment_follow_up(base=assessment, user=personas.alice)
    fw = later.framework.parsed
    for q in fw.questions_of("ci_cd"):
        Answer.objects.filter(assessment=later, question_key=q.key).update(
            level=4, note="Pipelines for every service", carried_over=False
        )
    return later


def test_it_shows_deltas_changes_and_paths(personas, assessment, login):
    later = two_rounds(personas, assessment)
    r = login(personas.carol).get(URL + f"?before={assessment.code}&after={later.code}")
    assert r.status_code == 200
    text = r.text
    assert "▲ +2.0" in text  # CI/CD from 2.0 to 4.0
    assert "Pipelines for every service" in text
    assert "Then:" in text and "Now:" in text
    assert "Level 2" in text and "Level 4" in text
    assert f"Answers that changed ({len(later.framework.parsed.questions_of('ci_cd'))})" in text


def test_order_does_not_matter(personas, assessment, login):
    later = two_rounds(personas, assessment)
    r = login(personas.carol).get(URL + f"?before={later.code}&after={assessment.code}")
    assert "▲ +2.0" in r.text


def test_defaults_to_the_latest_two(personas, assessment, login):
    two_rounds(personas, assessment)
    assert "▲ +2.0" in login(personas.bob).get(URL).text


def test_another_organizations_code_is_404(personas, assessment, other_assessment, login):
    later = two_rounds(personas, assessment)
    r = login(personas.alice).get(URL + f"?before={other_assessment.code}&after={later.code}")
    assert r.status_code == 404


def test_it_checks_membership(personas, assessment, login):
    assert login(personas.charlie).get(URL).status_code == 404


def test_a_single_assessment_says_so(personas, assessment, login):
    assert "needs two assessments" in login(personas.alice).get(URL).text
