import re

from django.urls import reverse

from assessor.models import AssessmentEvent
from tests.assessor.conftest import answer_all


def url(a, slug="acme"):
    return reverse("assessor:results", args=[slug, a.code])


def test_it_is_provisional_while_answering(personas, assessment, login):
    r = login(personas.carol).get(url(assessment))
    assert r.status_code == 200
    assert "Provisional" in r.text
    assert "Why this recommendation" in r.text


def test_it_shows_indices_path_and_roadmap(personas, assessment, login):
    answer_all(assessment, personas.alice, level=1)
    r = login(personas.carol).get(url(assessment))
    outcome = assessment.results()
    assert outcome.advice.path.title in r.text
    assert "1.0" in r.text  # the indices
    for d in outcome.scorecard.dimensions:
        if d.is_practice:
            assert d.title.replace("&", "&amp;") in r.text
    assert "Delivery performance profile" in r.text
    assert "Phase 1" in r.text
    first_step = outcome.advice.phases[0].items[0].next_steps[0].text
    assert first_step[:50].replace("'", "&#x27;") in r.text


def test_it_explains_gating(personas, assessment, login):
    from assessor.models import Answer

    answer_all(assessment, personas.alice, level=4)
    fw = assessment.framework.parsed
    for q in fw.questions_of("ci_cd"):
        Answer.objects.filter(assessment=assessment, question_key=q.key).update(level=0)
    r = login(personas.alice).get(url(assessment))
    assert "Capped by their foundations" in r.text
    assert "CI/CD" in r.text


def test_it_checks_membership(personas, assessment, login):
    assert login(personas.charlie).get(url(assessment)).status_code == 404


def test_anonymous_is_redirected(client, assessment):
    assert client.get(url(assessment)).status_code == 302


def test_constant_queries(personas, assessment, login, django_assert_max_num_queries):
    c = login(personas.alice)
    c.get(url(assessment))
    # Two of them bring the plan's actions beside the questions, and the
    # baseline a follow-up's done work is counted since; one reads the
    # organization's two-factor rule and one its brand for the header.
    with django_assert_max_num_queries(12) as few:
        empty = c.get(url(assessment))
    assert "no answers yet" in empty.text and "Why this recommendation" in empty.text
    answer_all(assessment, personas.alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        full = c.get(url(assessment))
    # The same few queries show a full page: every practice area, the path and the roadmap.
    outcome = assessment.results()
    assert outcome.advice.path.title in full.text and "Phase 1" in full.text
    for d in outcome.scorecard.dimensions:
        if d.is_practice:
            assert d.title.replace("&", "&amp;") in full.text
    assert "Delivery performance profile" in full.text
    assert "no answers yet" not in full.text


def test_adjustments_only_when_one_applies(personas, framework, login):
    from assessor import services
    from assessor.models import Answer

    calm = services.assessment_start(
        organization=personas.org_b,
        framework=framework,
        title="Unregulated",
        scope="both",
        targets={},
        user=personas.charlie,
    )
    # On the foundations path a thin data team is weighed but changes nothing.
    Answer.objects.create(
        assessment=calm,
        question_key="team_composition",
        state="answered",
        choice="data_scientists_only",
    )
    outcome = calm.results()
    assert outcome.advice.modifiers and not any(m.applied for m in outcome.advice.modifiers)
    assert "Adjustments" not in login(personas.charlie).get(url(calm, "bolt")).text

    Answer.objects.create(
        assessment=calm, question_key="budget_compute", state="answered", choice="constrained"
    )
    text = login(personas.charlie).get(url(calm, "bolt")).text
    assert "<h3>Adjustments</h3>" in text
    applied = [m for m in calm.results().advice.modifiers if m.applied]
    assert applied and applied[0].rationale[1:30] in text


def test_the_banner_says_what_is_missing(personas, assessment, login):
    answer_all(assessment, personas.alice)
    from assessor.models import Answer

    key = assessment.framework.parsed.scored_questions[0].key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        state="unknown", level=None
    )
    text = login(personas.alice).get(url(assessment)).text
    assert "Provisional" in text and "1 answered “don’t know”" in text
    assert "not answered yet" not in text  # every question has an answer
    Answer.objects.filter(assessment=assessment, question_key=key).update(state="answered", level=2)
    text = login(personas.alice).get(url(assessment)).text
    assert "Every question is answered" in text


def test_no_raw_keys_on_the_page(personas, assessment, login):
    answer_all(assessment, personas.alice)
    text = login(personas.alice).get(url(assessment)).text
    visible = re.sub(r"<[^>]+>", " ", text)
    for key in ("ml_governance", "ml_collaboration", "data_scientists_only", "ai_adoption_stage"):
        assert key not in visible


def test_facilitator_completes_and_reopens(personas, assessment, login):
    c = login(personas.alice)
    c.post(reverse("assessor:complete", args=["acme", assessment.code]))
    assessment.refresh_from_db()
    assert assessment.status == "completed" and assessment.completed_at
    c.post(reverse("assessor:reopen", args=["acme", assessment.code]))
    assessment.refresh_from_db()
    assert assessment.status == "in_progress" and assessment.completed_at is None
    actions = list(
        AssessmentEvent.objects.filter(assessment=assessment).values_list("action", flat=True)
    )
    assert actions == ["reopened", "completed", "started"]
    assert "reopened by Alice Owner" in c.get(url(assessment)).text


def test_participants_cannot_complete_or_reopen(personas, assessment, login):
    c = login(personas.bob)
    assert c.post(reverse("assessor:complete", args=["acme", assessment.code])).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert c.post(reverse("assessor:reopen", args=["acme", assessment.code])).status_code == 403


def test_charlie_cannot_complete(personas, assessment, login):
    assert (
        login(personas.charlie)
        .post(reverse("assessor:complete", args=["acme", assessment.code]))
        .status_code
        == 404
    )


def test_user_text_is_escaped(personas, assessment, login):
    from assessor.models import Answer

    key = assessment.framework.parsed.dimensions[0].questions[0].key
    Answer.objects.create(
        assessment=assessment,
        question_key=key,
        state="answered",
        level=1,
        note="<script>alert('x')</script>",
        version=1,
    )
    r = login(personas.alice).get(
        reverse(
            "assessor:step",
            args=["acme", assessment.code, assessment.framework.parsed.dimensions[0].key],
        )
    )
    assert "<script>alert('x')</script>" not in r.text
    assert "&lt;script&gt;" in r.text


def test_the_delivery_profile_is_not_a_practice_area_row(personas, assessment, login):
    # The DORA keys are a profile shown apart, never a scored practice: no
    # "score", "maturity" or target for them in the practice areas table.
    from tests.assessor.conftest import answer_all

    answer_all(assessment, personas.alice, 2)
    r = login(personas.alice).get(url(assessment))
    profile = assessment.framework.parsed.dimension("delivery_performance")
    assert profile.is_profile
    assert "Delivery performance profile" in r.text
    table = r.text.split("<h2>Practice areas</h2>")[1].split("</section>")[0]
    assert "Source control and automated testing" in table
    assert "GenAI and LLM applications" in table
    assert profile.title not in table
