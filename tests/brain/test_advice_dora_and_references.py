"""The DORA delivery profile and the public reference levels, on bank v2."""

import pytest

from assessor.brain.dora import dora_profile
from assessor.brain.reference_levels import reference_levels
from assessor.frameworks import builtin_framework_files, load_framework_file
from assessor.frameworks.roles import roles_of
from assessor.scoring import AnswerInput, score

V2 = load_framework_file(
    next(path for path in builtin_framework_files() if path.name.endswith(".v2.yaml"))
)
V1 = load_framework_file(
    next(path for path in builtin_framework_files() if path.name.endswith(".v1.yaml"))
)
DORA = roles_of(V2).dora


def card_with(framework, default=2, **levels):
    answers = {}
    for question in framework.scored_questions:
        level = levels.get(question.key, levels.get(question.dimension, default))
        answers[question.key] = (
            AnswerInput("unknown") if level is None else AnswerInput("answered", level)
        )
    return score(framework, answers)


def profile(**by_metric):
    levels = {DORA[metric]: level for metric, level in by_metric.items()}
    return dora_profile(V2, card_with(V2, **levels), roles_of(V2))


@pytest.mark.parametrize(
    ("level", "cluster"), [(0, "low"), (1, "low"), (2, "medium"), (3, "high"), (4, "elite")]
)
def test_each_level_maps_to_its_cluster(level, cluster):
    result = profile(
        deployment_frequency=level,
        lead_time=level,
        change_failure_rate=level,
        time_to_restore=level,
        rework_rate=level,
    )

    assert [m.cluster for m in result.metrics] == [cluster] * 5
    assert result.cluster == cluster
    assert result.metrics[0].answer == V2.question(DORA["deployment_frequency"]).levels[level].text


def test_one_key_below_is_forgiven_when_four_or_more_are_answered():
    result = profile(
        deployment_frequency=4, lead_time=4, change_failure_rate=4, time_to_restore=1, rework_rate=4
    )
    assert result.cluster == "elite"

    result = profile(
        deployment_frequency=4, lead_time=4, change_failure_rate=2, time_to_restore=1, rework_rate=4
    )
    assert result.cluster == "medium"


def test_too_few_keys_answered_place_no_cluster():
    result = profile(
        deployment_frequency=4, lead_time=None, change_failure_rate=None, time_to_restore=3
    )

    assert result.cluster is None
    assert result.meaning.startswith("only 2 of the four delivery keys answered")
    assert [m.level for m in result.metrics][:3] == [4, None, None]


def test_the_profile_is_not_averaged_into_the_devops_index():
    low = card_with(V2, default=3, delivery_performance=0)
    high = card_with(V2, default=3, delivery_performance=4)

    assert low.area("devops").index == high.area("devops").index == 3
    assert "delivery_performance" not in low.area("devops").dimensions


def test_version_1_has_no_delivery_profile():
    assert dora_profile(V1, card_with(V1), roles_of(V1)) is None


def test_reference_levels_climb_with_the_practices():
    roles = roles_of(V2)
    google, microsoft = reference_levels(card_with(V2, default=0), roles)
    assert (google.level, microsoft.level) == (0, 0)
    assert microsoft.reason.endswith(
        "the next level needs: software delivery is automated, models are still handled by hand."
    )

    google, microsoft = reference_levels(card_with(V2, default=2), roles)
    assert (google.level, microsoft.level) == (0, 1)
    assert microsoft.name == "DevOps but no MLOps"

    google, microsoft = reference_levels(card_with(V2, default=3), roles)
    assert (google.level, microsoft.level) == (2, 4)
    assert (google.top, microsoft.top) == (2, 4)


def test_reference_levels_need_every_level_below():
    # automated retraining and monitoring, but models are still released by hand
    card = card_with(V2, default=3, model_serving=1)
    google, microsoft = reference_levels(card, roles_of(V2))

    assert microsoft.level == 2  # automated training, not automated deployment
    assert google.level == 1


def test_a_bank_without_the_ml_practices_gets_no_reference_levels():
    devops_only = score(V2, {}, areas=("devops",))

    assert reference_levels(devops_only, roles_of(V2)) == ()
