"""The built-in banks validate and cover what the product promises (FORMAT.md, DOMAIN.md)."""

import re

import pytest

from assessor.frameworks import builtin_framework_files, load_framework_file
from assessor.frameworks.roles import (
    CONTEXT_ROLE_CHOICES,
    DIMENSION_ROLES,
    DORA_METRICS,
    GOVERNANCE_QUESTION_ROLES,
    MODEL_SAFETY_QUESTION_ROLES,
)

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


# -- version 2 ------------------------------------------------------------------------------

V2_FILE = next(path for path in FILES if path.name.endswith(".v2.yaml"))
# Words that grade instead of describing what one would observe; a top level
# says what makes it so ("restored within an hour", not "recovers smoothly").
GRADE_WORDS = re.compile(
    r"\b(smooth\w*|sustainab\w*|suit(s|ed|able)?|appropriate\w*|effective\w*|efficient\w*"
    r"|proper(ly)?|mature|seamless\w*|robust\w*|good|best practices?|optimal\w*|excellent"
    r"|healthy|well|as needed|world-class|fast|quick(ly)?|easy|easily)\b",
    re.IGNORECASE,
)
# Version 1 keys whose question was split or reworked: their meaning changed,
# so version 2 asks new questions under new keys instead.
REWORKED_V1_KEYS = (
    "config_secrets_management",
    "serving_pattern_and_service_levels",
    "elastic_training_and_inference",
    "model_risk_and_fairness_review",
    "model_explainability_practice",
    "training_data_snapshot_per_model",
    "decision_audit_trail",
    "time_to_restore_service",
)


@pytest.fixture(scope="module")
def v2():
    return load_framework_file(V2_FILE)


@pytest.fixture(scope="module")
def v1():
    return load_framework_file(FILES[0])


def test_v2_asks_the_usage_question_with_its_choices(v2):
    assert v2.context_question("model_usage").choice_keys == (
        "none",
        "api_only",
        "fine_tunes",
        "trains_own",
    )


def test_v2_declares_every_role(v2):
    roles = v2.roles
    assert set(roles.dimensions) == set(DIMENSION_ROLES)
    assert set(roles.model_safety_questions) == set(MODEL_SAFETY_QUESTION_ROLES)
    assert set(roles.governance_questions) == set(GOVERNANCE_QUESTION_ROLES)
    assert set(roles.context) == set(CONTEXT_ROLE_CHOICES)
    assert set(roles.dora) == set(DORA_METRICS)
    assert roles.dimensions_of("genai") == ("genai_applications",)
    assert roles.dimensions_of("security") == ("security_supply_chain",)
    assert set(roles.dimensions_of("model_delivery")) == {
        "ci_cd",
        "deployment_rollback",
        "infrastructure_as_code",
    }


def test_every_v2_question_has_five_observable_levels_and_next_steps(v2):
    for question in v2.scored_questions:
        assert [level.level for level in question.levels] == [0, 1, 2, 3, 4], question.key
        texts = [level.text for level in question.levels]
        steps = [level.next_step for level in question.levels]
        assert len(set(texts)) == 5 and len(set(steps)) == 5, question.key
        for level in question.levels:
            assert len(level.text.split()) >= 6, (question.key, level.level)
            assert len(level.next_step.split()) >= 6, (question.key, level.level)
        assert question.help and len(question.help.split()) >= 20, question.key


def test_no_v2_top_level_is_a_grade(v2):
    for question in v2.scored_questions:
        found = [m.group(0) for m in GRADE_WORDS.finditer(question.levels[4].text)]
        assert not found, (question.key, found, question.levels[4].text)


def test_v2_level_0_describes_the_practice_not_missing_knowledge(v2):
    # "Don't know" is its own answer; level 0 must not fold it in ("... or nobody can tell")
    for question in v2.scored_questions:
        text = question.levels[0].text.lower()
        assert ", or nobody" not in text and "or there is no record" not in text, question.key
    for question in v2.dimension("delivery_performance").questions:
        text = question.levels[0].text.lower()
        for phrase in ("nobody", "no record", "not measured", "not recorded", "unknown"):
            assert phrase not in text, (question.key, phrase)


def test_the_delivery_profile_holds_exactly_the_dora_questions(v2):
    profile = v2.dimension("delivery_performance")
    assert profile.is_profile and v2.profile_dimensions == (profile,)
    assert {q.key for q in profile.questions} == set(v2.roles.dora.values())
    assert not profile.prerequisites
    # the cluster thresholds are in the level texts
    lead_time = v2.question("lead_time_for_changes").levels
    assert "less than a day" in lead_time[4].text and "one day to one week" in lead_time[3].text
    recovery = v2.question("failed_deployment_recovery_time").levels
    assert "within an hour" in recovery[4].text and "within a day" in recovery[3].text
    assert "on demand" in v2.question("deployment_frequency").levels[4].text


def test_v2_covers_genai_security_and_responsible_ai(v2):
    genai = {q.key for q in v2.questions_of("genai_applications")}
    assert genai == {
        "prompt_config_versioning",
        "llm_release_evaluation",
        "llm_guardrails",
        "llm_red_teaming",
        "llm_production_quality_monitoring",
        "retrieval_index_versioning",
        "llm_cost_per_request",
        "vendor_model_change_response",
    }
    security = {q.key for q in v2.questions_of("security_supply_chain")}
    assert security >= {
        "dependency_vulnerability_management",
        "container_image_scanning",
        "software_bill_of_materials",
        "signed_artifacts_provenance",
        "secrets_management",
        "model_artifact_provenance",
        "prompt_injection_defenses",
        "ai_threat_modeling",
    }
    governance = {q.key for q in v2.questions_of("ml_governance")}
    assert governance >= set(v2.roles.governance_questions.values())
    assert "EU AI Act" in v2.question("ai_risk_classification").help


def test_devops_practices_declare_their_foundations(v2):
    def needs(key):
        return {p.dimension: p.min_level for p in v2.dimension(key).prerequisites}

    assert needs("ci_cd") == {"source_control_testing": 2}
    assert needs("deployment_rollback") == {"ci_cd": 2}
    assert "source_control_testing" in needs("infrastructure_as_code")


def test_api_only_users_are_not_scored_on_training_by_default(v2):
    def defaulted_for(choice):
        return {
            q.key
            for q in v2.scored_questions
            if any(choice in c.choices for c in q.na_when if c.context == "model_usage")
        }

    api_only = defaulted_for("api_only")
    assert {
        "training_pipeline_automation",
        "training_run_reproducibility",
        "hyperparameter_search_process",
        "gpu_capacity_allocation",
        "elastic_training_capacity",
        "ml_compute_cost_control",  # API cost is asked as cost per request
        "retraining_trigger_policy",
    } <= api_only
    # what an API user still has to do stays scored
    assert not api_only & {
        "model_registry_single_source",
        "live_model_quality_tracking",
        "model_version_rollback",
        "online_model_version_comparison",
    }
    assert not api_only & {q.key for q in v2.questions_of("genai_applications")}
    assert {q.key for q in v2.questions_of("genai_applications")} <= defaulted_for("none")
    assert not defaulted_for("trains_own")


def test_every_n_a_default_says_when_n_a_is_legitimate(v2):
    for question in v2.scored_questions:
        if question.na_when:
            assert question.na_guidance.startswith("N/A "), question.key


def test_v2_keeps_the_keys_whose_meaning_held_and_renames_the_rest(v1, v2):
    v1_keys = {q.key for q in v1.scored_questions}
    v2_keys = {q.key for q in v2.scored_questions}
    assert not v2_keys & set(REWORKED_V1_KEYS)
    assert v1_keys - v2_keys == set(REWORKED_V1_KEYS)
    # the DORA keys moved into the profile under their keys
    for key in ("deployment_frequency", "lead_time_for_changes", "change_failure_rate"):
        assert v2.question(key).dimension == "delivery_performance"
    # lineage is scored once
    assert "model_version_lineage_record" in v2_keys


def test_v2_has_a_scoring_rule(v2, v1):
    assert "highest level" in v2.scoring_rule and "Don't know" in v2.scoring_rule
    assert v1.scoring_rule == "" and v1.roles is None


def test_v1_gets_the_roles_its_keys_always_played(v1):
    from assessor.frameworks import implied_roles, roles_of

    roles = roles_of(v1)
    assert roles == implied_roles(v1)
    assert set(roles.dimensions) == {
        "delivery_foundation",
        "model_delivery",
        "model_safety",
        "governance",
        "collaboration",
    }
    assert dict(roles.model_safety_questions) == {
        "inventory": "model_registry_single_source",
        "outcome_monitoring": "live_model_quality_tracking",
        "rollback": "model_version_rollback",
        "owner": "shared_production_ownership",
    }
    # every context role but the usage question, which version 1 does not ask
    assert set(roles.context) == set(CONTEXT_ROLE_CHOICES) - {"model_usage"}
    assert dict(roles.dora) == {} and dict(roles.governance_questions) == {}
