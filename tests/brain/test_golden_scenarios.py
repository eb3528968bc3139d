"""Twelve reference clients against bank v2, answered question by question.

Each asserts the path, what phase 1 must contain and what it must not; the
clients and their stories live in assessor/brain/scenarios.py, and
docs/advice-review.md shows the same outputs with a consultant's read.
"""

import re

import pytest

from assessor.brain.scenarios import CLIENTS, run
from assessor.frameworks import builtin_framework_files, load_framework_file

V2 = load_framework_file(
    next(path for path in builtin_framework_files() if path.name.endswith(".v2.yaml"))
)
BY_KEY = {client.key: client for client in CLIENTS}
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def test_there_are_at_least_twelve_clients_with_mixed_answers():
    assert len(CLIENTS) >= 12
    for client in CLIENTS:
        mixed = [levels for levels in client.levels.values() if len(set(levels)) > 1]
        assert len(mixed) >= 6, client.key


@pytest.mark.parametrize("client", CLIENTS, ids=lambda client: client.key)
def test_the_client_gets_the_expected_path_and_first_phase(client):
    _, advice = run(V2, client)

    assert advice.path.outcome == client.path, advice.path.rules
    first = [item.dimension for item in advice.phases[0].items]
    for key in client.phase_1_has:
        assert key in first, (key, first)
    for key in client.phase_1_lacks:
        assert key not in first, (key, first)
    assert bool(advice.path.provisional) == client.provisional
    assert all(phase.items for phase in advice.phases)
    assert all(item.next_steps for item in advice.phases[0].items)
    assert_foundations_first(advice)


def assert_foundations_first(advice):
    """No practice area starts while a foundation it builds on is below that level
    and not being worked on."""
    started = {}
    for phase in advice.phases:
        for item in phase.items:
            started.setdefault(item.dimension, phase.number)
    for key, number in started.items():
        for prerequisite in V2.dimension(key).prerequisites:
            if started.get(prerequisite.dimension, 0) > number:
                before = advice.phases[number - 2].projected if number > 1 else None
                level = (
                    before[prerequisite.dimension]
                    if before
                    else next(
                        g.current for g in advice.gaps if g.dimension == prerequisite.dimension
                    )
                )
                assert (level or 0.0) >= prerequisite.min_level, (key, prerequisite)


@pytest.mark.parametrize("client", CLIENTS, ids=lambda client: client.key)
def test_what_the_client_reads_carries_no_raw_keys(client):
    _, advice = run(V2, client)

    texts = [advice.path.summary, *advice.path.provisional]
    texts += [rule.rationale for rule in advice.path.rules]
    texts += [m.rationale for m in advice.modifiers]
    texts += [r.reason for r in advice.reference_levels]
    for text in texts:
        assert not RAW_KEY.findall(text), text
        assert "aI " not in text  # an acronym keeps its capitals when quoted mid-sentence


def test_models_that_run_the_business_are_secured_in_phase_1_whatever_the_objective():
    for key in ("retailer_models_run_pricing", "manufacturer_models_run_plant"):
        _, advice = run(V2, BY_KEY[key])
        first = advice.phases[0]
        lead = {
            "model_registry_single_source",
            "live_model_quality_tracking",
            "model_version_rollback",
            "shared_production_ownership",
        }
        # a model-safety question still below the phase's level leads its area's steps
        for item in first.items:
            below = [
                q.key
                for q in V2.questions_of(item.dimension)
                if q.key in lead and (card_level(BY_KEY[key], q.key) or 0) < item.target
            ]
            if below:
                assert item.next_steps[0].question in lead, item
        steps = {step.question for item in first.items for step in item.next_steps}
        assert {"model_registry_single_source", "model_version_rollback"} <= steps
        assert first.title == "Secure what runs in production"


def card_level(client, question_key):
    card, _ = run(V2, client)
    result = next(r for d in card.dimensions for r in d.questions if r.key == question_key)
    return result.level


def test_the_half_unknown_insurer_is_provisional_and_finds_out_first():
    _, advice = run(V2, BY_KEY["insurer_half_unknown"])

    assert any("MLOps questions" in reason for reason in advice.path.provisional)
    assert any("team" in reason.lower() for reason in advice.path.provisional)
    titles = [d.title for d in advice.discovery]
    assert "Experiment tracking and model registry" in titles
    assert "Continuous deployment" not in titles
    # answering the unknowns does not flip the path: it never came from them
    assert advice.path.rules[-1].rule == "regulated_ml_in_production"


def test_elite_delivery_without_ml_sustains_and_measures():
    for key in ("saas_devops_elite_no_ml", "bank_devops_elite_no_ml"):
        _, advice = run(V2, BY_KEY[key])
        assert "not yet dependable" not in advice.path.summary
        assert advice.dora.cluster == "elite"
        assert {item.area for phase in advice.phases for item in phase.items} <= {"devops"} | (
            {"mlops"} if key.startswith("bank") else set()
        )
        assert advice.reference_levels[1].name == "DevOps but no MLOps"


@pytest.mark.parametrize("key", ["public_agency_no_ai", "bank_devops_elite_no_ml"])
def test_regulated_without_ai_gets_policy_and_inventory_not_model_governance(key):
    _, advice = run(V2, BY_KEY[key])

    governance = next(i for i in advice.phases[0].items if i.dimension == "ml_governance")
    assert governance.final_target == 1
    assert {step.question for step in governance.next_steps} <= {
        "ai_use_policy",
        "ai_system_inventory",
    }
    assert governance.next_steps
    assert all(
        win.question in ("ai_use_policy", "ai_system_inventory") or win.dimension != "ml_governance"
        for win in advice.quick_wins
    )
    assert "production model" not in " ".join(w.next_step for w in advice.quick_wins)


def test_the_api_only_startup_is_not_scored_on_training():
    card, advice = run(V2, BY_KEY["genai_api_startup"])

    assert card.dimension("reproducible_training").na_weight > 0
    scheduled = {item.dimension for phase in advice.phases for item in phase.items}
    assert "ml_compute" not in scheduled or card.dimension("ml_compute").confidence is not None
    assert "genai_applications" in {item.dimension for item in advice.phases[0].items}


def test_constrained_budgets_stretch_every_stated_month():
    for key in ("thin_team_constrained", "hospital_pilots_constrained"):
        _, advice = run(V2, BY_KEY[key])
        first = advice.phases[0]
        assert (first.start_month, first.end_month) == BY_KEY[key].extra["months"]
        assert advice.horizon_months == advice.phases[-1].end_month
        for month in re.findall(r"(\d+) months", advice.path.summary):
            assert int(month) == advice.horizon_months


def test_a_thin_team_does_not_starve_the_foundations():
    _, advice = run(V2, BY_KEY["thin_team_constrained"])

    early = {item.dimension for phase in advice.phases[:2] for item in phase.items}
    assert set(BY_KEY["thin_team_constrained"].extra["by_phase_2"]) <= early


def test_the_borderline_fintech_starts_mlops_in_phase_2_not_at_month_9():
    _, advice = run(V2, BY_KEY["fintech_borderline_delivery"])

    selective = [
        phase.number
        for phase in advice.phases
        for item in phase.items
        if item.area == "mlops" and item.dimension != "ml_governance"
    ]
    assert min(selective) == BY_KEY["fintech_borderline_delivery"].extra["mlops_from_phase"]
    assert "from month 3" in advice.path.summary
