"""Four client stories against the built-in bank: the recommended path and the first phase.

Each fixture gives one level per dimension (applied to every question of that
dimension), the context answers and what a consultant would expect.
"""

from pathlib import Path

import pytest
import yaml

from assessor.advice import advise
from assessor.frameworks import builtin_framework_files, load_framework_file
from assessor.scoring import AnswerInput, score

SCENARIOS = sorted((Path(__file__).parent / "fixtures" / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def builtin():
    files = builtin_framework_files()
    if not files:
        pytest.fail("the built-in bank is missing; see test_builtin_bank.py")
    return load_framework_file(files[0])


def run(framework, scenario):
    answers = {
        question.key: AnswerInput("answered", scenario["levels"][dimension.key])
        for dimension in framework.dimensions
        for question in dimension.questions
    }
    scorecard = score(framework, answers)
    return advise(framework, scorecard, scenario["context"], regulated=scenario["regulated"])


def test_there_are_four_scenarios():
    assert len(SCENARIOS) == 4


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_the_scenario_gets_the_expected_path_and_first_phase(builtin, path):
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))

    advice = run(builtin, scenario)

    assert advice.path.outcome == scenario["expect"]["path"], advice.path.rules
    assert advice.path.rules[-1].fired
    first_phase = sorted(item.dimension for item in advice.phases[0].items)
    assert first_phase == sorted(scenario["expect"]["first_phase"])
    assert all(item.next_steps for item in advice.phases[0].items)


def test_the_traditional_shop_gets_no_mlops_work(builtin):
    scenario = yaml.safe_load(SCENARIOS_BY_STEM["software_shop_without_ml"])

    advice = run(builtin, scenario)

    assert {item.area for phase in advice.phases for item in phase.items} == {"devops"}
    assert "DevOps index 1.31 < 1.5" in advice.path.rules[-1].rationale


def test_stalled_pilots_wait_for_month_9_for_mlops(builtin):
    scenario = yaml.safe_load(SCENARIOS_BY_STEM["pilots_stall_on_weak_ci"])

    advice = run(builtin, scenario)

    assert advice.path.rules[-1].rationale.endswith("pilot models rarely reach production")
    mlops_phases = {
        phase.start_month for phase in advice.phases for item in phase.items if item.area == "mlops"
    }
    assert mlops_phases == {9}
    # a data-scientists-only team gets collaboration first among the MLOps work
    first_mlops = next(item for item in advice.phases[2].items if item.area == "mlops")
    assert first_mlops.dimension == "ml_collaboration"


def test_the_mature_company_closes_the_retraining_loop_last(builtin):
    scenario = yaml.safe_load(SCENARIOS_BY_STEM["devops_mature_starting_ml"])

    advice = run(builtin, scenario)

    starts = {}
    for phase in advice.phases:
        for item in phase.items:
            starts.setdefault(item.dimension, phase.number)
    # retraining needs a registry to promote and roll back what it produces, and drift
    # monitoring at level 2 to know when to retrain: it starts once they are in place
    assert starts["experiment_tracking_registry"] == 1
    assert starts["continuous_retraining"] == 3
    assert advice.phases[1].projected["model_monitoring_drift"] >= 2


def test_the_regulated_bank_puts_governance_first(builtin):
    scenario = yaml.safe_load(SCENARIOS_BY_STEM["regulated_bank_ml_in_production"])

    advice = run(builtin, scenario)

    assert advice.path.rules[-1].rule == "regulated_ml_in_production"
    assert [m.key for m in advice.modifiers] == ["regulated"]
    assert advice.gaps[0].dimension == "ml_governance"
    assert [q.dimension for q in advice.quick_wins] == ["ml_governance"] * len(advice.quick_wins)
    # no automated retraining while drift monitoring is below level 2 and governance is new
    assert "continuous_retraining" not in [item.dimension for item in advice.phases[0].items]


SCENARIOS_BY_STEM = {path.stem: path.read_text(encoding="utf-8") for path in SCENARIOS}
