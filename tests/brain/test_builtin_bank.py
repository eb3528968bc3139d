"""The built-in banks validate and cover what the product promises (FORMAT.md, DOMAIN.md)."""

import pytest

from assessor.frameworks import builtin_framework_files, load_framework_file

CONTEXT_CHOICES = {
    "ai_adoption_stage": ("none", "exploring", "pilots", "production", "core"),
    "pilots_reach_production": ("no_pilots", "rarely", "sometimes", "routinely"),
    "business_objective": ("stability", "faster_delivery", "ai_differentiator", "ai_revenue"),
    "industry": (
        "software",
        "finance",
        "healthcare",
        "aviation_transport",
        "public_sector",
        "retail",
        "manufacturing",
        "other",
    ),
    "compliance_exposure": ("low", "moderate", "high"),
    "team_composition": (
        "no_data_roles",
        "data_scientists_only",
        "ds_and_ml_engineers",
        "cross_functional",
    ),
    "budget_compute": ("constrained", "moderate", "dedicated"),
}
DEVOPS_DIMENSIONS = {
    "source_control_testing",
    "ci_cd",
    "infrastructure_as_code",
    "deployment_rollback",
    "observability_incident",
    "collaboration_culture",
}
MLOPS_DIMENSIONS = {
    "data_versioning_quality",
    "reproducible_training",
    "experiment_tracking_registry",
    "model_serving",
    "model_monitoring_drift",
    "continuous_retraining",
    "ml_governance",
    "ml_compute",
    "ml_collaboration",
}
FILES = builtin_framework_files()


def test_there_are_both_builtin_versions():
    assert [path.name for path in FILES] == [
        "devops-mlops-readiness.v1.yaml",
        "devops-mlops-readiness.v2.yaml",
    ]


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.name)
def bank(request):
    return load_framework_file(request.param)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_builtin_file_validates_and_is_named_after_its_key_and_version(path):
    bank = load_framework_file(path)

    assert path.name == f"{bank.key}.v{bank.version}.yaml"


def test_it_has_the_dimensions_the_advice_rules_rely_on(bank):
    devops = {d.key for d in bank.dimensions_in("devops")}
    mlops = {d.key for d in bank.dimensions_in("mlops")}

    assert len(devops) >= 6 and devops >= DEVOPS_DIMENSIONS
    assert len(mlops) >= 8 and mlops >= MLOPS_DIMENSIONS


def test_it_has_at_least_45_scored_questions(bank):
    assert len(bank.scored_questions) >= 45


def test_it_asks_every_context_question_with_the_documented_choices(bank):
    for key, choices in CONTEXT_CHOICES.items():
        assert bank.context_question(key).choice_keys == choices


def test_mlops_practices_declare_their_devops_foundations(bank):
    for key in ("continuous_retraining", "model_serving", "reproducible_training"):
        prerequisites = {p.dimension for p in bank.dimension(key).prerequisites}
        assert prerequisites & DEVOPS_DIMENSIONS, key


def test_no_level_is_a_bare_grade(bank):
    # an observable statement ("Builds run on every push") takes more than a word or
    # two; "Good" or "Fair" would not, and five identical texts would not tell levels apart
    for question in bank.scored_questions:
        texts = [level.text for level in question.levels]
        assert len(set(texts)) == 5, question.key
        for text in texts:
            assert len(text.split()) >= 4, (question.key, text)
