"""Across follow-ups: open actions carry over to the next plan, and the
follow-up shows the work done since the baseline beside each question's
level change."""

from django.urls import reverse

from assessor import services as assessor_services
from assessor.models import Answer
from assessor.plans import services
from assessor.plans.beside import question_plans
from assessor.plans.models import Action


def complete(assessment, user):
    assessor_services.assessment_complete(assessment=assessment, user=user)
    assessment.refresh_from_db()


def add(planned, personas, title, **fields):
    return services.action_create(
        organization=personas.org_a,
        assessment=planned.assessment,
        user=personas.alice,
        title=title,
        dimension=planned.dimension,
        question_keys=[planned.question],
        **fields,
    )


def done(action, user):
    services.action_update(action=action, user=user, version=action.version, status="done")
    action.refresh_from_db()


def test_open_actions_carry_over_and_closed_ones_stay(personas, planned):
    complete(planned.assessment, personas.alice)
    finished = add(planned, personas, "Finished")
    done(finished, personas.alice)
    dropped = add(planned, personas, "Dropped", status="dropped", dropped_reason="No budget")
    follow_up = assessor_services.assessment_follow_up(base=planned.assessment, user=personas.alice)

    planned.action.refresh_from_db()
    assert planned.action.assessment == follow_up
    assert planned.action.created_from == planned.assessment
    carried = planned.action.revisions.first()
    assert carried.reason == f"carried over to “{follow_up.title}”"
    assert carried.changes() == [("assessment", str(planned.assessment.code), str(follow_up.code))]
    for action in (finished, dropped):
        action.refresh_from_db()
        assert action.assessment == planned.assessment


def test_the_follow_up_shows_done_work_beside_the_level_change(login, personas, planned):
    before = Answer.objects.get(assessment=planned.assessment, question_key=planned.question)
    Answer.objects.filter(pk=before.pk).update(level=1)
    complete(planned.assessment, personas.alice)
    done(planned.action, personas.bob)
    done(add(planned, personas, "Second step"), personas.alice)
    follow_up = assessor_services.assessment_follow_up(base=planned.assessment, user=personas.alice)
    # Carried over at level 1 until the room says otherwise.
    assert question_plans(follow_up).plans[planned.question].summary == "2 actions done, still 1"
    assessor_services.answer_save(
        assessment=follow_up,
        user=personas.alice,
        question_key=planned.question,
        state="answered",
        level=2,
        choice="",
        note=None,
        evidence=None,
        version=1,
    )
    beside = question_plans(follow_up)
    assert beside.plans[planned.question].summary == "2 actions done, 1 → 2"
    assert beside.done_since == 2 and beside.baseline == planned.assessment

    client = login(personas.carol)
    step = reverse("assessor:step", args=["acme", follow_up.code, planned.dimension])
    page = client.get(step).text
    assert "2 actions done, 1 → 2" in page
    assert "Version the deployment scripts" in page and "Second step" in page
    results = client.get(reverse("assessor:results", args=["acme", follow_up.code])).text
    assert "2 actions done, 1 → 2" in results
    assert "Since “Baseline 2026”: 2 actions done" in results


def test_work_done_before_the_baseline_was_completed_does_not_count(personas, planned):
    done(planned.action, personas.bob)  # while the baseline was still open
    complete(planned.assessment, personas.alice)
    follow_up = assessor_services.assessment_follow_up(base=planned.assessment, user=personas.alice)
    plan = question_plans(follow_up).plans.get(planned.question)
    assert plan is None or plan.done_since == 0


def test_each_done_action_counts_in_one_follow_up_only(personas, planned):
    complete(planned.assessment, personas.alice)
    done(planned.action, personas.bob)
    second = assessor_services.assessment_follow_up(base=planned.assessment, user=personas.alice)
    complete(second, personas.alice)
    third = assessor_services.assessment_follow_up(base=second, user=personas.alice)
    assert question_plans(second).plans[planned.question].done_since == 1
    assert planned.question not in question_plans(third).plans


def test_the_wizard_offers_facilitators_an_action_per_question(login, personas, fred, planned):
    step = reverse("assessor:step", args=["acme", planned.assessment.code, planned.dimension])
    page = login(fred).get(step).text
    assert "+ Add action" in page
    assert f"question={planned.question}" in page
    assert "+ Add action" not in login(personas.bob).get(step).text


def test_the_results_page_offers_actions_from_roadmap_items_and_shows_the_plan(
    login, personas, planned
):
    results = reverse("assessor:results", args=["acme", planned.assessment.code])
    page = login(personas.alice).get(results).text
    item = planned.assessment.results().advice.phases[0].items[0]
    assert f"item={item.dimension}" in page
    assert "1 action on this assessment's plan: 1 open" in page
    assert Action.objects.count() == 1
