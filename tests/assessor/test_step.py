from django.urls import reverse

from tests.assessor.conftest import answer_all


def url(a, step="context", slug="acme"):
    return reverse("assessor:step", args=[slug, a.code, step])


def test_it_shows_the_context_step(personas, assessment, login):
    r = login(personas.bob).get(url(assessment))
    assert r.status_code == 200
    assert "AI/ML" in r.text or "machine learning" in r.text.lower()
    assert 'name="value"' in r.text
    assert "<strong>0</strong> of" in r.text


def test_it_shows_a_dimension_step_with_five_levels(personas, assessment, login):
    dim = assessment.framework.parsed.dimensions[0]
    r = login(personas.alice).get(url(assessment, dim.key))
    assert r.status_code == 200
    q = dim.questions[0]
    for level in q.levels:
        assert level.text[:40].replace("'", "&#x27;").replace('"', "&quot;") in r.text
    assert 'value="na"' in r.text and 'value="unknown"' in r.text


def test_htmx_navigation_gets_only_the_wizard(personas, assessment, login):
    dim = assessment.framework.parsed.dimensions[1]
    r = login(personas.alice).get(url(assessment, dim.key), headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<div id="wizard"')
    assert "<html" not in r.text
    # A history restore needs the whole page.
    r = login(personas.alice).get(
        url(assessment, dim.key),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in r.text


def test_viewers_see_it_read_only(personas, assessment, login):
    r = login(personas.carol).get(url(assessment))
    assert r.status_code == 200
    assert "<fieldset disabled" in r.text
    assert "You are a viewer" in r.text


def test_unknown_step_is_404(personas, assessment, login):
    assert login(personas.alice).get(url(assessment, "nope")).status_code == 404


def test_out_of_scope_step_is_404(personas, framework, login):
    from assessor import services

    a = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="D",
        scope="devops",
        targets={},
        user=personas.alice,
    )
    assert login(personas.alice).get(url(a, "model_serving")).status_code == 404


def test_it_checks_membership(personas, assessment, other_assessment, login):
    c = login(personas.charlie)
    assert c.get(url(assessment)).status_code == 404
    # charlie's own slug does not open acme's assessment either
    assert c.get(url(assessment, slug="bolt")).status_code == 404


def test_anonymous_is_redirected(client, assessment):
    r = client.get(url(assessment))
    assert r.status_code == 302 and "/login/" in r.url


def test_resume_goes_to_the_first_unanswered_question(personas, assessment, login):
    from assessor.models import Answer

    fw = assessment.framework.parsed
    for q in fw.context_questions:
        Answer.objects.create(
            assessment=assessment,
            question_key=q.key,
            state="answered",
            choice=q.choices[0].key,
            version=1,
        )
    first_dim = fw.dimensions[0]
    Answer.objects.create(
        assessment=assessment,
        question_key=first_dim.questions[0].key,
        state="answered",
        level=2,
        version=1,
    )
    r = login(personas.bob).get(reverse("assessor:resume", args=["acme", assessment.code]))
    assert r.status_code == 302
    assert r.url == url(assessment, first_dim.key) + f"#q-{first_dim.questions[1].key}"


def test_step_runs_a_constant_number_of_queries(
    personas, assessment, login, django_assert_max_num_queries
):
    dim = assessment.framework.parsed.dimensions[0]
    c = login(personas.alice)
    c.get(url(assessment, dim.key))  # warm the per-process framework cache
    # Two of them bring the plan's actions beside the questions and the baseline,
    # one reads the organization's two-factor rule.
    with django_assert_max_num_queries(11) as empty:
        c.get(url(assessment, dim.key))
    answer_all(assessment, personas.alice)
    with django_assert_max_num_queries(len(empty.captured_queries)):
        r = c.get(url(assessment, dim.key))
    assert r.text.count("checked") >= len(dim.questions)
