"""Decision rules, modifiers, targets and roadmap on the mini bank (the built-in keys)."""

import json
from pathlib import Path

import pytest

from assessor.advice import PATHS, RULES, advise, role_index
from assessor.frameworks import load_framework_file
from assessor.frameworks.roles import roles_of
from assessor.scoring import AnswerInput, score

FIXTURES = Path(__file__).parent / "fixtures"
MINI = load_framework_file(FIXTURES / "mini-readiness.v1.yaml")
TINY = load_framework_file(FIXTURES / "tiny.v1.yaml")


def scorecard(devops: int, mlops: int, **levels: int):
    """Every question at its area's level, except the dimensions named in `levels`."""
    answers = {
        question.key: AnswerInput(
            "answered", levels.get(dimension.key, devops if dimension.area == "devops" else mlops)
        )
        for dimension in MINI.dimensions
        for question in dimension.questions
    }
    return score(MINI, answers)


def advice_for(card, regulated=False, targets=None, **context):
    return advise(MINI, card, context, regulated=regulated, targets=targets)


def test_every_rule_leads_to_a_known_path_and_the_last_one_always_matches():
    assert {rule.outcome for rule in RULES} == set(PATHS)
    assert RULES[-1].conditions == ("no_ml_ambition",)


def test_ml_core_to_the_business_is_mlops_critical():
    advice = advice_for(scorecard(1, 1), ai_adoption_stage="core", business_objective="ai_revenue")

    assert advice.path.outcome == "mlops_critical"
    [rule] = advice.path.rules
    assert (rule.rule, rule.fired) == ("ml_core_to_the_business", True)
    assert rule.rationale == "AI adoption stage: core; business objective: ai revenue"


def test_ml_in_production_in_a_regulated_industry_is_mlops_critical():
    advice = advice_for(
        scorecard(2, 1),
        ai_adoption_stage="production",
        business_objective="stability",
        industry="healthcare",
    )

    assert advice.path.outcome == "mlops_critical"
    assert [r.fired for r in advice.path.rules] == [False, True]
    assert "industry: healthcare (high stakes)" in advice.path.rules[1].rationale


def test_weak_delivery_and_no_ai_is_devops_foundation():
    advice = advice_for(scorecard(1, 0), ai_adoption_stage="none")

    assert advice.path.outcome == "devops_foundation"
    assert (
        advice.path.rules[-1].rationale == "delivery foundations 1 < 1.5; AI adoption stage: none"
    )


def test_stalling_pilots_on_emerging_devops_is_devops_first():
    advice = advice_for(
        scorecard(2, 1), ai_adoption_stage="pilots", pilots_reach_production="rarely"
    )

    assert advice.path.outcome == "devops_first"
    assert advice.path.rules[-1].rule == "pilots_stall_on_delivery"
    assert advice.path.rules[-1].rationale == ("model delivery 2 < 2.5; ML pilots: rarely")


def test_mature_devops_with_ml_ambition_extends_to_mlops():
    advice = advice_for(scorecard(3, 1), ai_adoption_stage="exploring")

    assert advice.path.outcome == "extend_to_mlops"
    assert advice.path.rules[-1].rationale == (
        "model delivery 3 ≥ 2.5; AI adoption stage: exploring"
    )
    assert "over the 18 months of this roadmap" in advice.path.summary


def test_mature_devops_without_ml_ambition_sustains_and_measures_delivery():
    advice = advice_for(scorecard(3, 0), ai_adoption_stage="none", business_objective="stability")

    assert advice.path.outcome == "sustain_delivery"
    assert advice.path.rules[-1].rule == "mature_delivery_no_ml"
    assert "not yet dependable" not in advice.path.summary
    assert all(phase.items for phase in advice.phases)
    assert {item.area for phase in advice.phases for item in phase.items} <= {"devops"}


def test_emerging_devops_without_ml_ambition_keeps_building_foundations():
    advice = advice_for(scorecard(2, 0), ai_adoption_stage="none", business_objective="stability")

    assert advice.path.outcome == "devops_foundation"
    assert advice.path.rules[-1].rule == "no_ml_ambition"


def test_without_context_nothing_is_inferred_from_scores_and_the_path_is_provisional():
    advice = advice_for(scorecard(3, 4))

    # a high MLOps score does not mean models run in production: pilots score too
    assert advice.path.outcome == "extend_to_mlops"
    assert not any(m.key == "model_safety" for m in advice.modifiers)
    rationales = " | ".join(rule.rationale for rule in advice.path.rules)
    assert "“Which ai adoption stage?” is not answered: not assumed" in rationales
    assert "MLOps is part of this assessment" in rationales
    assert advice.is_provisional
    assert advice.path.provisional[0].startswith("the context questions “Which ai adoption stage?”")
    assert advice.path.provisional[0].endswith("are not answered")
    assert advice.discovery[0].title == "The organization's context"
    assert "Which budget compute?" in advice.discovery[0].questions


def test_indices_are_truncated_next_to_thresholds():
    # 1.472 rounds to 1.5, and "DevOps index 1.5 < 1.5" would read as a bug
    answers = {q.key: AnswerInput("answered", 1) for q in MINI.scored_questions}
    answers |= {
        "observability_incident_q1": AnswerInput("answered", 3),
        "observability_incident_q2": AnswerInput("answered", 3),
        "ci_cd_q1": AnswerInput("answered", 2),
    }
    card = score(MINI, answers)
    assert role_index(card, roles_of(MINI), "delivery_foundation")[0] == pytest.approx(
        1.4545, abs=1e-4
    )

    advice = advice_for(card, ai_adoption_stage="none")

    assert advice.path.rules[-1].rationale.startswith("delivery foundations 1.45 < 1.5")


def test_a_context_answer_must_be_one_of_the_choices():
    with pytest.raises(ValueError, match="ai_adoption_stage='lots' is not one of: none, exploring"):
        advice_for(scorecard(1, 1), ai_adoption_stage="lots")


def test_the_scorecard_must_come_from_the_same_framework():
    with pytest.raises(ValueError, match="different framework"):
        advise(TINY, scorecard(1, 1), {})


def test_regulated_without_ai_gets_an_ai_policy_and_inventory_not_model_governance():
    advice = advice_for(scorecard(1, 0), regulated=True, ai_adoption_stage="none")

    assert advice.path.outcome == "devops_foundation"
    [modifier] = advice.modifiers
    assert modifier.key == "regulated" and modifier.applied
    assert "an AI use policy and an inventory of where AI is used" in modifier.rationale
    assert "ml_governance" in [item.dimension for item in advice.phases[0].items]
    assert {t.dimension: t.target for t in advice.targets}["ml_governance"] == 1


def test_regulated_without_ai_never_promises_phase_1_work_its_roadmap_lacks():
    # Governance already at the level this stage needs: nothing is scheduled,
    # so the adjustment must not say phase 1 sets up a policy and inventory.
    advice = advice_for(scorecard(1, 0, ml_governance=2), regulated=True, ai_adoption_stage="none")

    [modifier] = advice.modifiers
    assert modifier.key == "regulated" and modifier.applied
    assert "ml_governance" not in [
        item.dimension for phase in advice.phases for item in phase.items
    ]
    assert "phase 1" not in modifier.rationale
    assert "already" in modifier.rationale and "model governance comes with the models" in (
        modifier.rationale
    )


def test_regulated_with_ai_puts_governance_in_phase_1_even_on_the_devops_foundation_path():
    advice = advice_for(scorecard(1, 0), regulated=True, ai_adoption_stage="pilots")

    assert advice.path.outcome == "devops_first"
    [modifier] = advice.modifiers
    assert modifier.key == "regulated" and modifier.applied
    assert modifier.rationale.startswith("the organization is marked as regulated: ")
    first_phase = [item.dimension for item in advice.phases[0].items]
    # governance builds on experiment tracking in the mini bank, which comes along
    assert {"ml_governance", "experiment_tracking_registry"} <= set(first_phase)
    assert dict((t.dimension, t.target) for t in advice.targets)["ml_governance"] == 3
    # and it goes on in the DevOps-only phases until it reaches that target
    assert all(
        "ml_governance" in [item.dimension for item in phase.items] for phase in advice.phases
    )
    assert "ml_governance" not in advice.unfinished


@pytest.mark.parametrize(
    "context", [{"compliance_exposure": "high"}, {"industry": "aviation_transport"}]
)
def test_compliance_or_industry_also_count_as_regulated(context):
    advice = advice_for(scorecard(3, 1), ai_adoption_stage="exploring", **context)

    assert [m.key for m in advice.modifiers] == ["regulated"]
    assert "ml_governance" in [item.dimension for item in advice.phases[0].items]


def test_a_constrained_budget_stretches_the_phases_and_limits_parallel_work():
    card = scorecard(3, 0)
    regular = advice_for(card, ai_adoption_stage="pilots")
    constrained = advice_for(card, ai_adoption_stage="pilots", budget_compute="constrained")

    assert [(p.start_month, p.end_month) for p in regular.phases] == [(0, 3), (3, 9), (9, 18)]
    assert [(p.start_month, p.end_month) for p in constrained.phases] == [(0, 5), (5, 14), (14, 27)]
    assert max(len(p.items) for p in regular.phases) == 5
    assert max(len(p.items) for p in constrained.phases) == 3
    assert constrained.modifiers[0].key == "constrained_budget"


def test_a_data_scientists_only_team_gets_collaboration_first():
    card = scorecard(3, 0)
    advice = advice_for(card, ai_adoption_stage="pilots", team_composition="data_scientists_only")

    assert advice.phases[0].items[0].dimension == "ml_collaboration"
    assert advice.modifiers[0].key == "thin_data_team" and advice.modifiers[0].applied


def test_a_thin_team_is_not_pushed_when_there_is_no_mlops_program():
    advice = advice_for(scorecard(1, 0), ai_adoption_stage="none", team_composition="no_data_roles")

    [modifier] = advice.modifiers
    assert (modifier.key, modifier.applied) == ("thin_data_team", False)
    assert modifier.rationale.endswith("no MLOps program on this path yet")


def test_default_targets_depend_on_the_path():
    foundation = advice_for(scorecard(1, 0), ai_adoption_stage="none")
    extend = advice_for(scorecard(3, 1), ai_adoption_stage="pilots")

    foundation_targets = {t.dimension: t.target for t in foundation.targets}
    assert foundation_targets["ci_cd"] == 3  # a delivery foundation
    assert foundation_targets["collaboration_culture"] == 2
    assert not any(key in foundation_targets for key in ("model_serving", "ml_governance"))
    extend_targets = {t.dimension: t.target for t in extend.targets}
    assert extend_targets["model_serving"] == 3
    assert extend_targets["continuous_retraining"] == 3
    assert extend_targets["ml_governance"] == 2


def test_targets_can_be_overridden_and_prerequisites_follow():
    advice = advice_for(
        scorecard(1, 0), ai_adoption_stage="none", targets={"model_serving": 2, "ci_cd": 4}
    )

    targets = {t.dimension: (t.target, t.source) for t in advice.targets}
    assert targets["model_serving"] == (2.0, "set for this assessment")
    assert targets["ci_cd"] == (4.0, "set for this assessment")
    # deployment_rollback already has its path target of 3, more than serving needs
    assert targets["deployment_rollback"] == (
        3.0,
        "default for the path “Build DevOps foundations first”",
    )


def test_a_targeted_dimension_raises_its_prerequisites_to_the_level_it_builds_on():
    advice = advice_for(scorecard(0, 0), ai_adoption_stage="none", targets={"ci_cd": 0})

    assert {t.dimension: (t.target, t.source) for t in advice.targets}["ci_cd"] == (
        2.0,
        "Deployment strategies and rollback builds on it",
    )


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"nope": 2}, "target for unknown dimension 'nope'"),
        ({"ci_cd": 5}, "must be a number from 0 to 4, got 5"),
        ({"ci_cd": True}, "must be a number from 0 to 4, got True"),
        ({"ci_cd": "3"}, "must be a number from 0 to 4, got '3'"),
    ],
)
def test_target_overrides_are_validated(targets, message):
    with pytest.raises(ValueError, match=message):
        advice_for(scorecard(1, 0), targets=targets)


def test_targets_outside_the_scored_areas_are_ignored():
    card = score(MINI, {}, areas=["devops"])

    advice = advise(MINI, card, {}, targets={"model_serving": 3, "ci_cd": 4})

    assert {t.dimension: t.target for t in advice.targets}["ci_cd"] == 4
    assert "model_serving" not in {t.dimension for t in advice.targets}


def test_gaps_put_unmet_prerequisites_first_then_weight_times_gap():
    advice = advice_for(scorecard(1, 0), ai_adoption_stage="none")

    order = [gap.dimension for gap in advice.gaps]
    # ci_cd (weight 1.5, gap 2) is the biggest gap but builds on source control (at 1 < 2)
    assert order[:2] == ["source_control_testing", "ci_cd"]
    assert advice.gaps[1].priority == 3.0
    assert order.index("ci_cd") < order.index("deployment_rollback")


def test_devops_first_starts_mlops_at_month_9():
    advice = advice_for(
        scorecard(2, 0), ai_adoption_stage="pilots", pilots_reach_production="rarely"
    )

    for phase in advice.phases:
        areas = {item.area for item in phase.items}
        assert areas <= ({"devops"} if phase.start_month < 9 else {"devops", "mlops"})
    assert any(item.area == "mlops" for item in advice.phases[2].items)


def test_a_dimension_waits_while_a_prerequisite_is_more_than_one_level_short():
    # retraining builds on monitoring at 2; monitoring is at 0
    advice = advice_for(
        scorecard(3, 3, model_monitoring_drift=0, continuous_retraining=0),
        ai_adoption_stage="pilots",
    )

    phases = [[item.dimension for item in phase.items] for phase in advice.phases]
    assert "model_monitoring_drift" in phases[0]
    assert "continuous_retraining" not in phases[0]
    # one level short and worked on in the same phase: the one level ahead gating allows
    assert {"model_monitoring_drift", "continuous_retraining"} <= set(phases[1])


def test_a_dimension_one_level_ahead_of_a_foundation_in_progress_starts_with_it():
    advice = advice_for(
        scorecard(3, 3, model_monitoring_drift=1, continuous_retraining=0),
        ai_adoption_stage="pilots",
    )

    first_phase = [item.dimension for item in advice.phases[0].items]
    assert first_phase.index("model_monitoring_drift") < first_phase.index("continuous_retraining")


def test_roadmap_items_climb_one_level_per_short_phase_and_project_scores():
    advice = advice_for(scorecard(1, 0), ai_adoption_stage="none")
    first, second, _ = advice.phases

    ci_cd = next(item for item in first.items if item.dimension == "ci_cd")
    assert (ci_cd.current, ci_cd.target, ci_cd.final_target) == (1.0, 2.0, 3.0)
    assert (ci_cd.start_month, ci_cd.end_month) == (0, 3)
    assert first.projected["ci_cd"] == 2.0
    assert second.projected["ci_cd"] == 3.0
    assert first.projected["model_serving"] == 0.0
    assert advice.unfinished == ()


def test_next_steps_come_from_the_weakest_questions_at_their_current_level():
    answers = {q.key: AnswerInput("answered", 3) for q in MINI.scored_questions}
    answers |= {"ci_cd_q1": AnswerInput("answered", 1), "ci_cd_q2": AnswerInput("answered", 1)}
    advice = advise(MINI, score(MINI, answers), {"ai_adoption_stage": "pilots"})

    # both at 1: the heavier question (q2, weight 2) first; in phase 2 both start from 2
    first, second = (
        next(item for item in phase.items if item.dimension == "ci_cd")
        for phase in advice.phases[:2]
    )
    assert [(step.question, step.level) for step in first.next_steps] == [
        ("ci_cd_q2", 1),
        ("ci_cd_q1", 1),
    ]
    assert first.next_steps[0].text == MINI.question("ci_cd_q2").levels[1].next_step
    assert [(step.question, step.level) for step in second.next_steps] == [
        ("ci_cd_q2", 2),
        ("ci_cd_q1", 2),
    ]


def test_next_steps_skip_questions_already_at_the_phase_target():
    answers = {q.key: AnswerInput("answered", 3) for q in MINI.scored_questions}
    answers |= {"ci_cd_q1": AnswerInput("answered", 1), "ci_cd_q2": AnswerInput("answered", 2)}
    advice = advise(MINI, score(MINI, answers), {"ai_adoption_stage": "pilots"})

    # ci_cd is at 1.7, so phase 1 aims for 2, which q2 has already reached
    ci_cd = next(item for item in advice.phases[0].items if item.dimension == "ci_cd")
    assert ci_cd.target == 2.0
    assert [step.question for step in ci_cd.next_steps] == ["ci_cd_q1"]


def test_quick_wins_are_first_phase_questions_still_at_level_0():
    advice = advice_for(scorecard(1, 0, source_control_testing=0), ai_adoption_stage="none")

    assert [(w.question, w.level) for w in advice.quick_wins] == [
        ("source_control_testing_q2", 0),
        ("source_control_testing_q1", 0),
    ]


def test_the_advice_is_plain_json():
    advice = advice_for(scorecard(2, 1), regulated=True, ai_adoption_stage="production")
    data = advice.to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["path"]["outcome"] == "mlops_critical"
    assert data["phases"][0]["items"][0]["next_steps"][0]["text"]


# -- brain v2 rules -------------------------------------------------------------------------

FULL_CONTEXT = {
    "ai_adoption_stage": "pilots",
    "pilots_reach_production": "sometimes",
    "business_objective": "faster_delivery",
    "industry": "software",
    "compliance_exposure": "low",
    "team_composition": "ds_and_ml_engineers",
    "budget_compute": "moderate",
}
SAFETY = (
    "experiment_tracking_registry",
    "model_serving",
    "model_monitoring_drift",
    "ml_governance",
)


def test_models_core_to_operations_are_mlops_critical_whatever_the_objective():
    advice = advice_for(scorecard(2, 1), **FULL_CONTEXT | {"ai_adoption_stage": "core"})

    assert advice.path.outcome == "mlops_critical"
    assert advice.path.rules[-1].rule == "models_run_operations"
    assert any(item.area == "mlops" for item in advice.phases[0].items)


@pytest.mark.parametrize("objective", ["stability", "faster_delivery"])
def test_models_in_production_get_model_safety_in_phase_1_on_any_path(objective):
    context = FULL_CONTEXT | {"ai_adoption_stage": "production", "business_objective": objective}
    advice = advice_for(scorecard(2, 1), **context)

    assert advice.path.outcome == "devops_first"  # not regulated, not strategic
    first = {item.dimension for item in advice.phases[0].items}
    assert set(SAFETY) <= first
    [safety] = [m for m in advice.modifiers if m.key == "model_safety"]
    assert "known, watched, reversible and owned" in safety.rationale
    assert "ml_governance" not in safety.rationale  # titles, not keys


def test_a_borderline_model_delivery_opens_mlops_a_phase_earlier():
    def first_mlops_phase(card):
        advice = advice_for(card, **FULL_CONTEXT)
        return advice.path.outcome, min(
            p.number for p in advice.phases for i in p.items if i.area == "mlops"
        )

    assert first_mlops_phase(scorecard(2, 1)) == ("devops_first", 3)
    # model delivery (CI/CD, rollback, IaC) at 2.33: within 0.25 of 2.5
    assert first_mlops_phase(
        scorecard(2, 1, ci_cd=2, deployment_rollback=3, infrastructure_as_code=2)
    ) == ("devops_first", 2)
    assert first_mlops_phase(scorecard(3, 1)) == ("extend_to_mlops", 1)


def test_model_delivery_not_the_whole_devops_index_decides_readiness():
    # weak collaboration and observability, strong model delivery practices
    card = scorecard(3, 1, collaboration_culture=1, observability_incident=2)
    advice = advice_for(card, **FULL_CONTEXT)

    assert advice.path.outcome == "extend_to_mlops"
    assert advice.path.rules[-1].rationale.startswith("model delivery 3 ≥ 2.5")


def test_a_dedicated_budget_works_on_more_areas_at_once_in_the_same_months():
    card = scorecard(1, 0)
    moderate = advice_for(card, **FULL_CONTEXT)
    dedicated = advice_for(card, **FULL_CONTEXT | {"budget_compute": "dedicated"})

    assert max(len(p.items) for p in moderate.phases) == 5
    assert max(len(p.items) for p in dedicated.phases) == 6
    assert [(p.start_month, p.end_month) for p in dedicated.phases] == [
        (p.start_month, p.end_month) for p in moderate.phases
    ]
    assert [m.key for m in dedicated.modifiers] == ["dedicated_budget"]


def test_the_constrained_months_are_the_ones_every_text_states():
    advice = advice_for(scorecard(2, 1), **FULL_CONTEXT | {"budget_compute": "constrained"})

    assert advice.horizon_months == 27
    assert advice.schedule == "months 0–5, 5–14 and 14–27"
    assert "from month 14" in advice.path.summary


def test_a_thin_team_never_starves_the_delivery_foundations():
    card = scorecard(1, 0, source_control_testing=1, observability_incident=1)
    context = FULL_CONTEXT | {
        "team_composition": "data_scientists_only",
        "budget_compute": "constrained",
    }
    advice = advice_for(card, **context)

    early = {item.dimension for phase in advice.phases[:2] for item in phase.items}
    assert {"source_control_testing", "observability_incident"} <= early
    for phase in advice.phases:
        for item in phase.items:
            for prerequisite in MINI.dimension(item.dimension).prerequisites:
                started = [
                    p.number
                    for p in advice.phases
                    for i in p.items
                    if i.dimension == prerequisite.dimension
                ]
                assert not started or min(started) <= phase.number


def test_a_partly_answered_area_is_found_out_first_not_planned():
    answers = {q.key: AnswerInput("answered", 1) for q in MINI.scored_questions}
    answers["model_serving_q1"] = AnswerInput("unknown")
    answers["model_serving_q2"] = AnswerInput("unknown")
    answers["continuous_retraining_q1"] = AnswerInput("unknown")
    card = score(MINI, answers)
    advice = advice_for(card, **FULL_CONTEXT | {"budget_compute": "dedicated"})

    assert "Model deployment and serving" in [d.title for d in advice.discovery]
    # serving is found out, not planned from a guess, unless something builds on it
    assert "model_serving" not in {t.dimension for t in advice.targets} or any(
        t.source.endswith("builds on it") for t in advice.targets if t.dimension == "model_serving"
    )


def renamed_mini_with_roles():
    """The mini bank with every dimension and context key renamed, declaring its roles."""
    import copy

    from assessor.frameworks import parse_framework
    from assessor.frameworks.roles import implied_roles

    document = copy.deepcopy(MINI.document)
    new = {d["key"]: f"x_{d['key']}" for d in document["dimensions"]}
    new_context = {q["key"]: f"ctx_{q['key']}" for q in document["context_questions"]}
    for dimension in document["dimensions"]:
        dimension["key"] = new[dimension["key"]]
        for prerequisite in dimension.get("prerequisites", []):
            prerequisite["dimension"] = new[prerequisite["dimension"]]
    for question in document["context_questions"]:
        question["key"] = new_context[question["key"]]
    implied = implied_roles(MINI)
    document["roles"] = {
        "dimensions": {
            role: [new[key] for key in keys] for role, keys in implied.dimensions.items()
        },
        "context": {role: new_context[key] for role, key in implied.context.items()},
    }
    return parse_framework(document, source="renamed mini"), new, new_context


def test_a_custom_bank_that_declares_its_roles_gets_the_same_advice():
    renamed, new, new_context = renamed_mini_with_roles()
    context = FULL_CONTEXT | {"ai_adoption_stage": "production", "industry": "finance"}
    # question keys are unchanged, so the same answers fit both banks
    answers = {
        q.key: AnswerInput("answered", 1 if q.dimension in ("ci_cd",) else 2 - (n % 2))
        for n, q in enumerate(MINI.scored_questions)
    }
    card, renamed_card = score(MINI, answers), score(renamed, answers)

    original = advice_for(card, **context)
    custom = advise(renamed, renamed_card, {new_context[k]: v for k, v in context.items()})

    assert custom.path.outcome == original.path.outcome == "mlops_critical"
    assert [r.rule for r in custom.path.rules] == [r.rule for r in original.path.rules]
    assert [[new[i.dimension] for i in p.items] for p in original.phases] == [
        [i.dimension for i in p.items] for p in custom.phases
    ]
    assert [m.key for m in custom.modifiers] == [m.key for m in original.modifiers]


def test_a_role_less_custom_bank_falls_back_to_the_devops_index_and_says_so():
    renamed, _, new_context = renamed_mini_with_roles()
    document = dict(renamed.document)
    del document["roles"]
    from assessor.frameworks import parse_framework

    bare = parse_framework(document, source="renamed mini, no roles")
    card = score(bare, {q.key: AnswerInput("answered", 3) for q in bare.scored_questions})

    advice = advise(bare, card, {new_context["ai_adoption_stage"]: "production"})

    # without roles the bank's context questions mean nothing to the advice
    assert advice.path.outcome == "extend_to_mlops"
    assert advice.path.rules[-1].rationale.startswith("DevOps index 3 ≥ 2.5")
    assert not any(m.key == "model_safety" for m in advice.modifiers)
    assert advice.reference_levels == ()
    assert "rests on the scores alone" in advice.path.provisional[-1]
