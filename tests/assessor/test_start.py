from django.urls import reverse

from assessor.models import Assessment, AssessmentEvent


def url(slug="acme"):
    return reverse("assessor:start", args=[slug])


def test_it_starts_an_assessment(personas, framework, login):
    r = login(personas.alice).post(
        url(),
        {"title": "Q1 baseline", "framework": framework.pk, "scope": "both", "target_ci_cd": "3"},
    )
    a = Assessment.objects.get(title="Q1 baseline")
    assert r.status_code == 302
    assert r.url == reverse("assessor:step", args=["acme", a.code, "context"])
    assert a.organization == personas.org_a
    assert a.framework == framework
    assert a.targets == {"ci_cd": 3}
    assert a.status == "draft"
    parsed = framework.parsed
    assert a.headline["total"] == len(parsed.context_questions) + len(parsed.scored_questions)
    assert AssessmentEvent.objects.get(assessment=a).action == "started"


def test_form_defaults_to_the_latest_bank_and_lists_targets(personas, framework, login):
    r = login(personas.alice).get(url())
    assert r.status_code == 200
    assert f'<option value="{framework.pk}" selected>' in r.text
    assert "CI/CD" in r.text  # a dimension's target field


def test_scope_limits_the_steps(personas, framework, login):
    login(personas.alice).post(
        url(), {"title": "DevOps only", "framework": framework.pk, "scope": "devops"}
    )
    a = Assessment.objects.get(title="DevOps only")
    steps = [key for key, _ in a.steps()]
    assert steps[0] == "context"
    assert "ci_cd" in steps and "model_serving" not in steps


def test_out_of_range_target_is_refused(personas, framework, login):
    r = login(personas.alice).post(
        url(), {"title": "X", "framework": framework.pk, "scope": "both", "target_ci_cd": "9"}
    )
    assert r.status_code == 200
    assert "Select a valid choice" in r.text
    assert not Assessment.objects.exists()


def test_participants_and_viewers_cannot_start(personas, framework, login):
    for user in (personas.bob, personas.carol):
        c = login(user)
        assert c.get(url()).status_code == 403
        assert (
            c.post(url(), {"title": "X", "framework": framework.pk, "scope": "both"}).status_code
            == 403
        )
    assert not Assessment.objects.exists()


def test_it_checks_membership(personas, framework, login):
    assert login(personas.charlie).get(url()).status_code == 404


def test_anonymous_is_redirected(client, personas, framework):
    assert client.get(url()).status_code == 302


def test_org_page_lists_assessments_with_headline(
    personas, assessment, login, django_assert_max_num_queries
):
    from assessor import services

    for i in range(15):
        services.assessment_start(
            organization=personas.org_a,
            framework=assessment.framework,
            title=f"Round {i}",
            scope="both",
            targets={},
            user=personas.alice,
        )
    c = login(personas.carol)
    # One of them reads the organization's two-factor rule, one its brand.
    with django_assert_max_num_queries(7):
        r = c.get(reverse("accounts:organization", args=["acme"]))
    assert "Baseline" in r.text and "Round 14" in r.text
    assert "New assessment" not in r.text  # viewers cannot start one


def test_the_delivery_profile_takes_no_target(personas, framework, login):
    text = login(personas.alice).get(url()).text
    assert 'name="target_ci_cd"' in text
    assert 'name="target_delivery_performance"' not in text
