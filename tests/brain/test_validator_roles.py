"""The bank-format additions of version 2 (roles, kind, na_when, na_guidance,
scoring_rule): what they parse into, and one test per error class."""

from pathlib import Path

import pytest
import yaml

from assessor.frameworks import (
    FrameworkInvalid,
    NaCondition,
    implied_roles,
    parse_framework,
    roles_of,
)
from assessor.frameworks.applicability import na_defaults, questions_defaulted_by

TINY = Path(__file__).parent / "fixtures" / "tiny.v1.yaml"
SOURCE = "bank.yaml"
LEVELS = [
    {"level": n, "text": f"Observable statement number {n}.", "next_step": f"Step {n}."}
    for n in range(5)
]


@pytest.fixture
def document() -> dict:
    """tiny.v1.yaml plus every v2 addition: a usage question, a profile
    dimension, N/A defaults, roles and a scoring rule."""
    bank = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    bank["scoring_rule"] = "Pick the highest level whose every statement holds today."
    bank["context_questions"].append(
        {
            "key": "model_usage",
            "text": "How do you use models?",
            "help": "Pick the most involved use.",
            "choices": [
                {"key": key, "label": label, "description": "D"}
                for key, label in [
                    ("none", "No models"),
                    ("api_only", "Through an API"),
                    ("fine_tunes", "Fine-tunes"),
                    ("trains_own", "Trains its own"),
                ]
            ],
        }
    )
    serving = bank["dimensions"][1]["questions"][0]
    serving["na_when"] = [{"context": "model_usage", "choices": ["none", "api_only"]}]
    serving["na_guidance"] = "N/A when no model of yours is served."
    bank["dimensions"].append(
        {
            "key": "delivery_performance",
            "area": "devops",
            "kind": "profile",
            "title": "Delivery performance",
            "description": "The DORA keys.",
            "weight": 1,
            "questions": [
                {
                    "key": "deploy_frequency",
                    "text": "How often do you deploy?",
                    "help": "Count last month's deployments.",
                    "weight": 1,
                    "levels": LEVELS,
                }
            ],
        }
    )
    bank["roles"] = {
        "dimensions": {"delivery_foundation": ["ci_cd"], "model_safety": ["model_serving"]},
        "model_safety_questions": {"rollback": "serving_release"},
        "governance_questions": {"policy": "serving_release"},
        "context": {"adoption_stage": "ai_adoption_stage", "model_usage": "model_usage"},
        "dora": {"deployment_frequency": "deploy_frequency"},
    }
    bank["context_questions"][0]["choices"] = [
        {"key": key, "label": key.title(), "description": "D"}
        for key in ("none", "exploring", "pilots", "production", "core")
    ]
    return bank


def errors_of(document: dict) -> list[str]:
    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework(document, source=SOURCE)
    return caught.value.errors


def test_the_additions_parse_into_the_framework(document):
    framework = parse_framework(document, source=SOURCE)

    assert framework.scoring_rule.startswith("Pick the highest level")
    assert framework.dimension("delivery_performance").is_profile
    assert not framework.dimension("ci_cd").is_profile
    assert [d.key for d in framework.practice_dimensions] == ["ci_cd", "model_serving"]
    assert [d.key for d in framework.profile_dimensions] == ["delivery_performance"]
    serving = framework.question("serving_release")
    assert serving.na_when == (NaCondition("model_usage", ("none", "api_only")),)
    assert serving.na_guidance == "N/A when no model of yours is served."
    assert framework.question("ci_build").na_when == ()
    assert framework.question("ci_build").na_guidance == ""
    roles = framework.roles
    assert roles.dimensions_of("delivery_foundation") == ("ci_cd",)
    assert roles.dimensions_of("genai") == ()
    assert roles.context_key("model_usage") == "model_usage"
    assert roles.dora["deployment_frequency"] == "deploy_frequency"
    assert roles.governance_questions["policy"] == "serving_release"
    assert roles_of(framework) is roles


def test_a_bank_without_the_additions_gets_defaults_and_implied_roles(document):
    for name in ("scoring_rule", "roles"):
        del document[name]
    del document["dimensions"][2]
    framework = parse_framework(document, source=SOURCE)

    assert framework.roles is None and framework.scoring_rule == ""
    implied = roles_of(framework)
    assert implied == implied_roles(framework)
    # only what this bank has: two of the v1 dimension keys, two context questions
    assert implied.dimensions_of("delivery_foundation") == ("ci_cd",)
    assert implied.dimensions_of("model_delivery") == ("ci_cd",)
    assert implied.dimensions_of("model_safety") == ("model_serving",)
    assert "governance" not in implied.dimensions
    assert dict(implied.context) == {
        "adoption_stage": "ai_adoption_stage",
        "model_usage": "model_usage",
    }
    # version 1 had no delivery profile, and this bank lacks v1's question keys
    assert dict(implied.dora) == {} and dict(implied.model_safety_questions) == {}


def test_an_implied_context_role_needs_the_canonical_choices(document):
    del document["roles"]
    document["context_questions"][1]["choices"].pop()  # no "trains_own"

    assert "model_usage" not in implied_roles(parse_framework(document, source=SOURCE)).context


def test_na_defaults_follow_the_context_answer(document):
    framework = parse_framework(document, source=SOURCE)

    assert na_defaults(framework, {}) == {}
    assert na_defaults(framework, {"model_usage": "trains_own"}) == {}
    [(key, default)] = na_defaults(framework, {"model_usage": "api_only"}).items()
    assert key == "serving_release"
    assert (default.context, default.choice) == ("model_usage", "api_only")
    assert "“Through an API”" in default.note and "api_only" not in default.note
    assert questions_defaulted_by(framework, "model_usage") == ("serving_release",)
    assert questions_defaulted_by(framework, "ai_adoption_stage") == ()


# -- one test per error class ------------------------------------------------------------


def test_it_rejects_an_unknown_dimension_kind(document):
    document["dimensions"][0]["kind"] = "metric"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].kind: must be one of practice, profile, got string 'metric'"
    ]


def test_a_profile_dimension_cannot_be_a_prerequisite(document):
    document["dimensions"][1]["prerequisites"][0]["dimension"] = "delivery_performance"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].prerequisites[0].dimension: 'delivery_performance' is a "
        "profile dimension; a prerequisite must be a practice"
    ]


def test_a_profile_dimension_has_no_prerequisites(document):
    document["dimensions"][2]["prerequisites"] = [{"dimension": "ci_cd", "min_level": 2}]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[2].prerequisites: a profile dimension is not scored into the "
        "roadmap, so it has no prerequisites"
    ]


def test_scoring_rule_and_na_guidance_are_non_empty_text(document):
    document["scoring_rule"] = " "
    document["dimensions"][1]["questions"][0]["na_guidance"] = 3

    assert errors_of(document) == [
        f"{SOURCE}: scoring_rule: must be a non-empty string, got string ' '",
        f"{SOURCE}: dimensions[1].questions[0].na_guidance: must be a non-empty string, "
        "got number 3",
    ]


def test_na_when_must_name_a_context_question(document):
    condition = document["dimensions"][1]["questions"][0]["na_when"][0]
    condition["context"] = "model_use"
    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].na_when[0].context: "
        "unknown context question string 'model_use'"
    ]

    condition["context"] = "ci_build"
    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].na_when[0].context: "
        "unknown context question string 'ci_build' (that is a scored question)"
    ]


def test_na_when_must_name_choices_of_that_question(document):
    document["dimensions"][1]["questions"][0]["na_when"][0]["choices"] = ["api", "none", "none"]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].na_when[0].choices[0]: string 'api' is not a "
        "choice of 'model_usage' (choices: none, api_only, fine_tunes, trains_own)",
        f"{SOURCE}: dimensions[1].questions[0].na_when[0].choices[2]: duplicate choice 'none'",
    ]


def test_na_when_entries_are_complete_and_not_empty(document):
    question = document["dimensions"][1]["questions"][0]
    question["na_when"] = [{"context": "model_usage"}]
    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].na_when[0]: missing field 'choices'"
    ]

    question["na_when"] = []
    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].na_when: must have at least 1 item(s)"
    ]


def test_it_rejects_unknown_role_groups_and_roles(document):
    document["roles"]["stages"] = {}
    document["roles"]["dimensions"]["platform"] = ["ci_cd"]
    document["roles"]["context"]["sector"] = "industry"

    errors = errors_of(document)
    assert errors[0].startswith(f"{SOURCE}: roles: unknown field 'stages' (allowed: dimensions")
    assert errors[1].startswith(
        f"{SOURCE}: roles.dimensions: unknown role 'platform' (known: delivery_foundation, "
    )
    assert errors[2].startswith(f"{SOURCE}: roles.context: unknown role 'sector' (known: ")
    assert len(errors) == 3


def test_a_dimension_role_names_existing_practice_dimensions(document):
    document["roles"]["dimensions"]["delivery_foundation"] = [
        "ci_cd",
        "cicd",
        "ci_cd",
        "delivery_performance",
    ]
    document["roles"]["dimensions"]["genai"] = []

    assert errors_of(document) == [
        f"{SOURCE}: roles.dimensions.delivery_foundation[1]: unknown dimension string 'cicd'",
        f"{SOURCE}: roles.dimensions.delivery_foundation[2]: duplicate dimension 'ci_cd'",
        f"{SOURCE}: roles.dimensions.delivery_foundation[3]: 'delivery_performance' is a "
        "profile dimension; roles name practice dimensions",
        f"{SOURCE}: roles.dimensions.genai: must be a non-empty list of dimension keys, got a list",
    ]


def test_question_roles_name_existing_scored_questions(document):
    document["roles"]["model_safety_questions"]["owner"] = "model_owner"
    document["roles"]["governance_questions"]["ai_inventory"] = ["x"]
    document["roles"]["dora"]["lead_time"] = "model_usage"

    assert errors_of(document) == [
        f"{SOURCE}: roles.model_safety_questions.owner: unknown scored question "
        "string 'model_owner'",
        f"{SOURCE}: roles.governance_questions.ai_inventory: unknown scored question a list",
        f"{SOURCE}: roles.dora.lead_time: unknown scored question string 'model_usage'",
    ]


def test_a_context_role_names_an_existing_context_question(document):
    document["roles"]["context"]["objective"] = "business_goal"

    assert errors_of(document) == [
        f"{SOURCE}: roles.context.objective: unknown context question string 'business_goal'"
    ]


def test_a_context_role_question_offers_the_canonical_choices(document):
    document["context_questions"][1]["choices"][1]["key"] = "api"

    assert (
        errors_of(document)
        == [
            f"{SOURCE}: roles.context.model_usage: context question 'model_usage' must offer the "
            "choices the 'model_usage' role reads; missing: api_only",
            # the na_when default that named the old key is reported too
            f"{SOURCE}: dimensions[1].questions[0].na_when[0].choices[1]: string 'api_only' is "
            "not a choice of 'model_usage' (choices: none, api, fine_tunes, trains_own)",
        ][::-1]
    )


def test_a_context_role_question_may_offer_more_choices(document):
    document["context_questions"][1]["choices"].append(
        {"key": "buys_products", "label": "Buys AI products", "description": "D"}
    )

    assert parse_framework(document, source=SOURCE).roles.context_key("model_usage")


def test_roles_and_role_groups_are_mappings(document):
    document["roles"]["dora"] = ["deploy_frequency"]
    assert errors_of(document) == [f"{SOURCE}: roles.dora: must be a mapping, got a list"]

    document["roles"] = ["x"]
    assert errors_of(document) == [f"{SOURCE}: roles: must be a mapping, got a list"]
