from datetime import date, timedelta

from django.urls import reverse

from assessor import services

URL = reverse("assessor:timeline", args=["acme"])


def answered(assessment, user, level: int) -> None:
    from tests.assessor.conftest import answer_all

    answer_all(assessment, user, level)
    assessment.headline = assessment.headline_from(list(assessment.answers.all()))
    assessment.save()


def test_it_lists_assessments_with_indices_and_charts(personas, assessment, login):
    answered(assessment, personas.alice, 2)
    services.assessment_complete(assessment=assessment, user=personas.alice)
    r = login(personas.carol).get(URL)
    assert r.status_code == 200
    assert "Baseline" in r.text
    assert "<svg" in r.text and "DevOps index" in r.text
    assert ">2.0<" in r.text
    assert "completed assessments only" not in r.text


def test_the_charts_leave_out_assessments_not_yet_completed(personas, assessment, login):
    answered(assessment, personas.alice, 2)
    services.assessment_complete(assessment=assessment, user=personas.alice)
    draft = services.assessment_start(
        organization=personas.org_a,
        framework=assessment.framework,
        title="Half-way draft",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answered(draft, personas.alice, 4)
    r = login(personas.alice).get(URL)
    charts = r.text.split('<div class="table-wrap">')[0]
    # The completed 2.0 is drawn; the draft's 4.0 is not a point of the trend...
    assert ">2.0</text>" in charts
    assert ">4.0</text>" not in charts
    assert "1 not yet completed is only in the table below" in r.text
    # ...but the table still lists it with its status and figures.
    table = r.text.split('<div class="table-wrap">')[1]
    assert "Half-way draft" in table and ">4.0<" in table


def test_no_trend_is_drawn_before_a_completed_assessment(personas, assessment, login):
    answered(assessment, personas.alice, 3)
    r = login(personas.alice).get(URL)
    assert "<svg" not in r.text
    assert "none is completed yet" in r.text
    assert "Baseline" in r.text


def test_a_chosen_dimension_gets_its_own_trend(personas, assessment, login):
    services.assessment_complete(assessment=assessment, user=personas.alice)
    r = login(personas.alice).get(URL + "?dimension=ci_cd")
    assert '<option value="ci_cd" selected>' in r.text
    assert "CI/CD" in r.text


def test_constant_queries_whatever_the_number_of_assessments(
    personas, assessment, login, django_assert_max_num_queries
):
    c = login(personas.alice)
    c.get(URL)
    with django_assert_max_num_queries(7) as few:
        c.get(URL)
    for i in range(60):  # more than one page
        services.assessment_start(
            organization=personas.org_a,
            framework=assessment.framework,
            title=f"R{i}",
            scope="both",
            targets={},
            user=personas.alice,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = c.get(URL)
    assert "Page 1 of 2" in r.text
    assert "R48" in r.text and "R49" not in r.text
    assert "R49" in c.get(URL + "?page=2").text


def test_it_checks_membership(personas, assessment, login):
    assert login(personas.charlie).get(URL).status_code == 404


def test_anonymous_is_redirected(client, assessment):
    assert client.get(URL).status_code == 302


def test_dashboard_reminds_of_a_passed_review(personas, login):
    personas.org_a.next_review = date.today() - timedelta(days=3)
    personas.org_a.save()
    r = login(personas.bob).get(reverse("accounts:dashboard"))
    assert "Review due since" in r.text
    personas.org_a.next_review = date.today() + timedelta(days=30)
    personas.org_a.save()
    assert "Review due since" not in login(personas.bob).get(reverse("accounts:dashboard")).text
