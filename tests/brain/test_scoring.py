"""Scoring examples worked out by hand on the tiny and mini fixture banks."""

import json
from pathlib import Path

import pytest

from assessor.frameworks import load_framework_file
from assessor.scoring import AnswerInput, maturity_label, score

FIXTURES = Path(__file__).parent / "fixtures"
TINY = load_framework_file(FIXTURES / "tiny.v1.yaml")
MINI = load_framework_file(FIXTURES / "mini-readiness.v1.yaml")


def answered(level: int) -> AnswerInput:
    return AnswerInput("answered", level)


NA = AnswerInput("na", note="we ship no mobile apps")
# ci_cd builds on source_control_testing in the mini bank: these lift that gate
FOUNDATION = {"source_control_testing_q1": answered(4), "source_control_testing_q2": answered(4)}
UNKNOWN = AnswerInput("unknown")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"state": "answered"}, "needs a level from 0 to 4, got None"),
        ({"state": "answered", "level": 5}, "needs a level from 0 to 4, got 5"),
        ({"state": "answered", "level": True}, "needs a level from 0 to 4, got True"),
        ({"state": "na"}, "N/A answer needs a note"),
        ({"state": "na", "note": "  "}, "N/A answer needs a note"),
        ({"state": "unknown", "level": 2}, "'unknown' answer carries no level, got 2"),
        ({"state": "maybe"}, "must be answered, na or unknown, got 'maybe'"),
    ],
)
def test_answers_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        AnswerInput(**kwargs)


def test_a_dimension_score_is_the_weighted_mean_of_its_answers():
    # weights 1 and 2: (1*1 + 2*4) / 3 = 3
    answers = FOUNDATION | {"ci_cd_q1": answered(1), "ci_cd_q2": answered(4)}
    ci_cd = score(MINI, answers, areas=["devops"]).dimension("ci_cd")

    assert ci_cd.raw == 3.0
    assert (ci_cd.raw_score, ci_cd.percent, ci_cd.label) == (3.0, 75, "Managed")
    assert [q.contribution for q in ci_cd.questions] == [pytest.approx(1 / 3), pytest.approx(8 / 3)]
    assert sum(q.contribution for q in ci_cd.questions) == pytest.approx(ci_cd.raw)


def test_scores_are_rounded_half_up_to_one_decimal_and_a_whole_percent():
    # (2*1 + 1*2) / 3 = 1.333...; (1*3 + 2*2) / 3 = 2.333...
    answers = FOUNDATION | {"ci_cd_q1": answered(2), "ci_cd_q2": answered(1)}
    card = score(MINI, answers, areas=["devops"])
    assert (card.dimension("ci_cd").raw_score, card.dimension("ci_cd").percent) == (1.3, 33)

    answers = FOUNDATION | {"ci_cd_q1": answered(1), "ci_cd_q2": answered(3)}
    card = score(MINI, answers, areas=["devops"])
    assert (card.dimension("ci_cd").score, card.dimension("ci_cd").percent) == (2.3, 58)


def test_all_answers_at_one_level_score_exactly_that_level():
    answers = {q.key: answered(2) for q in MINI.scored_questions}
    card = score(MINI, answers)

    assert {d.raw for d in card.dimensions} == {2.0}
    assert {area.index for area in card.areas} == {2.0}


@pytest.mark.parametrize(
    ("value", "label"),
    [(0.0, "Initial"), (0.99, "Initial"), (1.0, "Emerging"), (2.5, "Defined"), (3.9, "Managed")],
)
def test_the_label_of_a_score_is_the_label_of_its_whole_level(value, label):
    assert maturity_label(value) == label
    assert maturity_label(4.0) == "Optimizing"


def test_na_leaves_score_and_confidence_denominator():
    card = score(MINI, {"ci_cd_q1": NA, "ci_cd_q2": answered(3)}, areas=["devops"])
    ci_cd = card.dimension("ci_cd")

    assert ci_cd.raw == 3.0
    assert ci_cd.confidence == 1.0
    assert ci_cd.questions[0].excluded_because == "not applicable: we ship no mobile apps"


def test_dont_know_and_unanswered_leave_the_score_but_lower_confidence():
    card = score(MINI, {"ci_cd_q1": UNKNOWN, "ci_cd_q2": answered(3)}, areas=["devops"])
    ci_cd = card.dimension("ci_cd")
    assert ci_cd.raw == 3.0
    assert ci_cd.confidence == pytest.approx(2 / 3)
    assert [q.excluded_because for q in ci_cd.excluded] == ["don't know"]

    card = score(MINI, {"ci_cd_q1": answered(3)}, areas=["devops"])
    ci_cd = card.dimension("ci_cd")
    assert ci_cd.raw == 3.0
    assert ci_cd.confidence == pytest.approx(1 / 3)
    assert ci_cd.questions[1].state == "unanswered"
    assert ci_cd.questions[1].excluded_because == "not answered yet"


def test_a_dimension_with_nothing_answered_has_no_score_and_is_left_out_of_the_index():
    answers = FOUNDATION | {"ci_cd_q1": answered(4), "ci_cd_q2": answered(4)}
    card = score(MINI, answers, areas=["devops"])
    devops = card.area("devops")

    assert card.dimension("infrastructure_as_code").raw is None
    assert card.dimension("infrastructure_as_code").confidence == 0.0
    assert devops.index == 4.0
    assert devops.dimensions[0] == "source_control_testing"


def test_a_dimension_that_is_all_na_has_no_confidence():
    card = score(MINI, {"ci_cd_q1": NA, "ci_cd_q2": NA}, areas=["devops"])

    assert card.dimension("ci_cd").raw is None
    assert card.dimension("ci_cd").confidence is None


def test_the_area_index_weighs_dimensions_and_uses_gated_scores():
    # source_control_testing (weight 1) at 1 caps ci_cd (weight 1.5, raw 4) at 2
    answers = {
        "source_control_testing_q1": answered(1),
        "source_control_testing_q2": answered(1),
        "ci_cd_q1": answered(4),
        "ci_cd_q2": answered(4),
    }
    devops = score(MINI, answers, areas=["devops"]).area("devops")

    assert devops.raw_index == pytest.approx((1 * 1 + 1.5 * 4) / 2.5)
    assert devops.index == pytest.approx((1 * 1 + 1.5 * 2) / 2.5)
    assert devops.score == 1.6
    assert devops.percent == 40


def test_area_confidence_weighs_each_question_by_its_share_of_its_dimension():
    # ci_cd (weight 1.5): the weight-2 question of 3 answered -> 1.0 of 1.5 answered
    # source_control_testing (weight 1): everything N/A -> not in the denominator
    answers = {
        "ci_cd_q2": answered(2),
        "source_control_testing_q1": NA,
        "source_control_testing_q2": NA,
    }
    devops = score(MINI, answers, areas=["devops"]).area("devops")

    applicable = 1.5 + 1.0 + 1.0 + 1.0 + 0.5  # every devops dimension but source control
    assert devops.confidence == pytest.approx(1.0 / applicable)


def test_gating_caps_a_dimension_one_level_above_its_unmet_prerequisite():
    answers = {"ci_build": answered(1), "serving_release": answered(4)}
    serving = score(TINY, answers).dimension("model_serving")

    assert (serving.raw, serving.gated, serving.score, serving.raw_score) == (4.0, 2.0, 2.0, 4.0)
    [reason] = serving.gating
    assert (reason.prerequisite, reason.prerequisite_score, reason.min_level) == ("ci_cd", 1.0, 2)
    assert (reason.cap, reason.lowered) == (2.0, True)
    assert reason.explanation == (
        "CI/CD scores 1.0, below the level 2 this practice builds on: capped at 2.0"
    )


def test_an_unanswered_prerequisite_counts_as_zero():
    serving = score(TINY, {"serving_release": answered(3)}).dimension("model_serving")

    assert serving.gated == 1.0
    assert serving.gating[0].prerequisite_score is None
    assert "has no answers (counts as 0)" in serving.gating[0].explanation


def test_a_met_prerequisite_does_not_gate():
    answers = {"ci_build": answered(2), "serving_release": answered(4)}
    serving = score(TINY, answers).dimension("model_serving")

    assert serving.gated == 4.0
    assert serving.gating == ()


def test_an_unmet_prerequisite_is_reported_even_when_it_costs_nothing():
    answers = {"ci_build": answered(1), "serving_release": answered(1)}
    serving = score(TINY, answers).dimension("model_serving")

    assert serving.gated == 1.0
    assert serving.gating[0].lowered is False


def test_caps_propagate_down_prerequisite_chains():
    # source_control_testing 0 caps ci_cd at 1, which caps deployment_rollback at 2 although
    # ci_cd's raw score is 4; model_serving needs deployment_rollback at 2, which it now is
    answers = {q.key: answered(4) for q in MINI.scored_questions}
    answers |= {"source_control_testing_q1": answered(0), "source_control_testing_q2": answered(0)}
    card = score(MINI, answers)

    assert card.dimension("ci_cd").gated == 1.0
    assert card.dimension("deployment_rollback").gated == 2.0
    assert card.dimension("model_serving").gated == 4.0
    assert card.dimension("infrastructure_as_code").gated == 4.0


def test_scoring_only_devops_leaves_mlops_out():
    card = score(MINI, {}, areas=("devops",))

    assert [area.key for area in card.areas] == ["devops"]
    assert {d.area for d in card.dimensions} == {"devops"}
    assert not card.has_dimension("model_serving")


def test_a_prerequisite_outside_the_scored_areas_does_not_gate():
    serving = score(TINY, {"serving_release": answered(4)}, areas=["mlops"]).dimension(
        "model_serving"
    )

    assert serving.gated == 4.0
    assert serving.gating == ()


@pytest.mark.parametrize("areas", [(), ("context",), ("devops", "ops")])
def test_only_devops_and_mlops_can_be_scored(areas):
    with pytest.raises(ValueError, match="non-empty selection of devops, mlops"):
        score(TINY, {}, areas=areas)


def test_answers_to_unknown_keys_are_ignored():
    card = score(TINY, {"ai_adoption_stage": answered(3), "gone": answered(1)})

    assert all(d.raw is None for d in card.dimensions)


def test_the_scorecard_is_plain_json_and_names_its_framework():
    answers = {"ci_build": answered(1), "serving_release": NA}
    data = score(TINY, answers).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert (data["framework_key"], data["framework_version"]) == ("tiny-bank", 1)
    assert data["framework_sha256"] == TINY.sha256
    assert data["dimensions"][1]["questions"][0]["state"] == "na"
    assert "_by_key" not in data
