"""The plan page: every action of the organization, filtered, at a fixed
number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessor.plans import services
from assessor.plans.models import Action


def url(slug="acme", **query):
    base = reverse("plans:plan", args=[slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_lists_the_organizations_actions(login, personas, planned):
    r = login(personas.carol).get(url())
    assert r.status_code == 200
    assert "Version the deployment scripts" in r.text
    assert "Bob Participant" in r.text
    assert "1 open" in r.text


def test_it_checks_membership(login, personas, planned):
    assert login(personas.charlie).get(url()).status_code == 404


def test_another_organizations_actions_are_not_listed(login, personas, planned, other_assessment):
    services.action_create(
        organization=personas.org_b,
        assessment=other_assessment,
        user=personas.charlie,
        title="Bolt's secret action",
        dimension=planned.dimension,
        question_keys=[],
    )
    r = login(personas.alice).get(url())
    assert "Bolt's secret action" not in r.text
    assert "Version the deployment scripts" in r.text


def _another(planned, personas, **fields):
    defaults = dict(
        organization=personas.org_a,
        assessment=planned.assessment,
        user=personas.alice,
        dimension=planned.dimension,
        question_keys=[],
    )
    return services.action_create(**{**defaults, **fields})


def test_it_filters_by_status_owner_area_and_overdue(login, personas, planned):
    yesterday = timezone.localdate() - timedelta(days=1)
    framework = planned.assessment.framework.parsed
    other_area = next(d.key for d in framework.dimensions if d.key != planned.dimension)
    _another(planned, personas, title="Late one", due_date=yesterday, owner_name="Olga Outside")
    _another(planned, personas, title="Finished one", status=Action.Status.DONE, due_date=yesterday)
    _another(planned, personas, title="Elsewhere", dimension=other_area, owner=personas.alice)
    client = login(personas.alice)

    overdue = client.get(url(status="overdue")).text
    assert "Late one" in overdue and "Finished one" not in overdue and "Elsewhere" not in overdue

    done = client.get(url(status="done")).text
    assert "Finished one" in done and "Late one" not in done

    named = client.get(url(owner="name:Olga Outside")).text
    assert "Late one" in named and "Version the deployment" not in named

    bob = personas.membership(personas.bob, personas.org_a)
    owned = client.get(url(owner=bob.code)).text
    assert "Version the deployment" in owned and "Late one" not in owned

    area = client.get(url(area=other_area)).text
    assert "Elsewhere" in area and "Late one" not in area


def test_it_filters_by_assessment(login, personas, planned, framework):
    from assessor import services as assessor_services

    later = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Later",
        scope="both",
        targets={},
        user=personas.alice,
    )
    _another(planned, personas, title="On the later plan", assessment=later)
    r = login(personas.alice).get(url(assessment=later.code))
    assert "On the later plan" in r.text and "Version the deployment" not in r.text


def test_an_unknown_filter_value_is_ignored(login, personas, planned):
    r = login(personas.alice).get(url(status="nonsense", owner="x", assessment="nope"))
    assert r.status_code == 200
    assert "Version the deployment scripts" in r.text


def test_500_actions_take_as_many_queries_as_5(
    login, personas, planned, django_assert_max_num_queries
):
    client = login(personas.alice)
    for n in range(4):
        _another(planned, personas, title=f"Action {n}", owner=personas.bob)
    client.get(url())  # warm the per-process caches (parsed bank)
    with django_assert_max_num_queries(12) as few:
        r = client.get(url())
    assert r.text.count('class="badge plan-status-') == 5
    Action.objects.bulk_create(
        Action(
            organization=personas.org_a,
            assessment=planned.assessment,
            title=f"Bulk {n}",
            dimension=planned.dimension,
            question_keys=[planned.question],
            owner=personas.bob if n % 2 else None,
            owner_name="" if n % 2 else f"Person {n % 7}",
            due_date=timezone.localdate() + timedelta(days=n - 250),
        )
        for n in range(495)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get(url())
    assert "500 actions" in r.text
    # One page of 100 rows, each with its owner and question in words.
    assert r.text.count('class="badge plan-status-') >= 100
    assert "Person 3" in r.text
