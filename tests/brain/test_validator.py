"""One test per error class of the bank validator, each checking file, path and message."""

import copy
import json
from pathlib import Path

import pytest
import yaml

from assessor.frameworks import (
    Framework,
    FrameworkInvalid,
    load_framework_file,
    parse_framework,
    parse_framework_yaml,
)

TINY = Path(__file__).parent / "fixtures" / "tiny.v1.yaml"
SOURCE = "bank.yaml"


@pytest.fixture
def document() -> dict:
    return yaml.safe_load(TINY.read_text(encoding="utf-8"))


def errors_of(document: dict) -> list[str]:
    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework(document, source=SOURCE)
    return caught.value.errors


def yaml_errors_of(text: str) -> list[str]:
    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework_yaml(text, source=SOURCE)
    return caught.value.errors


def first_level(document: dict) -> dict:
    return document["dimensions"][0]["questions"][0]["levels"][0]


def test_a_valid_bank_parses_into_an_immutable_framework():
    framework = load_framework_file(TINY)

    assert isinstance(framework, Framework)
    assert (framework.key, framework.version, framework.title) == ("tiny-bank", 1, "Tiny bank")
    assert [area.key for area in framework.areas] == ["devops", "mlops", "context"]
    assert framework.dimension("model_serving").prerequisites[0].dimension == "ci_cd"
    assert framework.question("ci_build").dimension == "ci_cd"
    assert [q.key for q in framework.questions_of("ci_cd")] == ["ci_build"]
    assert [d.key for d in framework.dimensions_in("mlops")] == ["model_serving"]
    assert framework.context_question("ai_adoption_stage").choice_keys == ("none", "production")
    assert isinstance(framework.dimensions, tuple)
    with pytest.raises(AttributeError):
        framework.key = "other"  # type: ignore[misc]


def test_the_fingerprint_is_the_sha256_of_canonical_json(document):
    framework = parse_framework(document, source=SOURCE)
    reordered = dict(reversed(list(document.items())))

    assert framework.document == document
    assert json.loads(json.dumps(framework.document)) == document
    assert parse_framework(reordered, source=SOURCE).sha256 == framework.sha256
    assert len(framework.sha256) == 64


def test_the_framework_does_not_share_the_callers_dict(document):
    framework = parse_framework(document, source=SOURCE)
    document["title"] = "changed"

    assert framework.document["title"] == "Tiny bank"


def test_prerequisites_come_first_in_dependency_order(document):
    document["dimensions"].reverse()
    framework = parse_framework(document, source=SOURCE)

    assert [d.key for d in framework.dimensions] == ["model_serving", "ci_cd"]
    assert [d.key for d in framework.dependency_order] == ["ci_cd", "model_serving"]


def test_it_reports_unknown_fields(document):
    document["dimensions"][0]["questions"][0]["wieght"] = 1

    [error] = errors_of(document)
    assert error.startswith(f"{SOURCE}: dimensions[0].questions[0]: unknown field 'wieght'")
    assert "allowed: key, text, help, weight, levels" in error


def test_it_reports_missing_fields(document):
    del first_level(document)["next_step"]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions[0].levels[0]: missing field 'next_step'"
    ]


def test_it_reports_wrong_types(document):
    document["title"] = 42
    document["dimensions"][1]["questions"] = {"key": "x"}
    document["context_questions"][0]["choices"][0] = "none"

    assert errors_of(document) == [
        f"{SOURCE}: title: must be a non-empty string, got number 42",
        f"{SOURCE}: context_questions[0].choices[0]: must be a mapping, got string 'none'",
        f"{SOURCE}: dimensions[1].questions: must be a list, got a mapping",
    ]


def test_it_rejects_blank_text(document):
    first_level(document)["text"] = "   "

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions[0].levels[0].text: must be a non-empty string, "
        "got string '   '"
    ]


def test_it_reports_duplicate_yaml_mapping_keys():
    text = TINY.read_text(encoding="utf-8").replace(
        "    weight: 1.5\n", "    weight: 1.5\n    weight: 2\n", 1
    )
    line = text.splitlines().index("    weight: 2") + 1

    assert yaml_errors_of(text) == [
        f"{SOURCE}: dimensions[0]: duplicate mapping key 'weight' "
        f"(line {line}, first defined on line {line - 1})"
    ]


def test_it_reports_yaml_syntax_errors_with_the_line():
    text = "key: tiny\nversion: 1\ntitle: [unclosed\n"

    [error] = yaml_errors_of(text)
    assert error.startswith(f"{SOURCE}: line 4, column 1: YAML syntax error: ")


def test_it_rejects_an_empty_document_and_a_non_mapping():
    assert yaml_errors_of("# nothing\n") == [f"{SOURCE}: (root): the document is empty"]
    assert yaml_errors_of("- a\n- b\n") == [f"{SOURCE}: (root): must be a mapping, got a list"]


def test_it_reports_duplicate_dimension_keys(document):
    document["dimensions"][1]["key"] = "ci_cd"
    del document["dimensions"][1]["prerequisites"]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].key: duplicate dimension key 'ci_cd' "
        "(already used at dimensions[0])"
    ]


def test_question_keys_are_unique_across_dimensions(document):
    document["dimensions"][1]["questions"][0]["key"] = "ci_build"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].questions[0].key: duplicate question key 'ci_build' "
        "(already used at dimensions[0].questions[0])"
    ]


def test_question_keys_are_unique_across_context_questions(document):
    document["dimensions"][0]["questions"][0]["key"] = "ai_adoption_stage"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions[0].key: duplicate question key 'ai_adoption_stage' "
        "(already used at context_questions[0])"
    ]


def test_it_reports_duplicate_choice_keys(document):
    document["context_questions"][0]["choices"][1]["key"] = "none"

    assert errors_of(document) == [
        f"{SOURCE}: context_questions[0].choices[1].key: duplicate choice key 'none' "
        "(already used at context_questions[0].choices[0])"
    ]


def test_a_context_question_has_two_to_eight_choices(document):
    choices = document["context_questions"][0]["choices"]
    del choices[1]
    assert errors_of(copy.deepcopy(document)) == [
        f"{SOURCE}: context_questions[0].choices: must have at least 2 item(s)"
    ]

    choices[:] = [{"key": f"c{n}", "label": "L", "description": "D"} for n in range(9)]
    assert errors_of(document) == [
        f"{SOURCE}: context_questions[0].choices: must have at most 8 choices"
    ]


def test_there_must_be_exactly_five_levels(document):
    del document["dimensions"][0]["questions"][0]["levels"][4]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions[0].levels: must list exactly 5 levels (0 to 4), got 4"
    ]


def test_levels_must_run_0_to_4_in_order(document):
    levels = document["dimensions"][0]["questions"][0]["levels"]
    levels[1], levels[2] = levels[2], levels[1]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions[0].levels[1].level: expected level 1 here "
        "(levels run 0, 1, 2, 3, 4 in order), got number 2",
        f"{SOURCE}: dimensions[0].questions[0].levels[2].level: expected level 2 here "
        "(levels run 0, 1, 2, 3, 4 in order), got number 1",
    ]


@pytest.mark.parametrize(
    ("weight", "problem"),
    [
        (0, "must be greater than 0 and at most 10, got 0"),
        (10.5, "must be greater than 0 and at most 10, got 10.5"),
        (-1, "must be greater than 0 and at most 10, got -1"),
        (float("nan"), "must be greater than 0 and at most 10, got nan"),
        (True, "must be a number, got boolean true"),
        ("1.0", "must be a number, got string '1.0'"),
    ],
)
def test_weights_are_numbers_in_0_to_10(document, weight, problem):
    document["dimensions"][1]["weight"] = weight

    assert errors_of(document) == [f"{SOURCE}: dimensions[1].weight: {problem}"]


def test_a_weight_of_exactly_10_is_allowed(document):
    document["dimensions"][0]["questions"][0]["weight"] = 10

    assert parse_framework(document, source=SOURCE).question("ci_build").weight == 10


def test_prerequisites_must_name_a_known_dimension(document):
    document["dimensions"][1]["prerequisites"][0]["dimension"] = "cicd"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].prerequisites[0].dimension: unknown dimension 'cicd'"
    ]


@pytest.mark.parametrize("min_level", [0, 5, 1.5, True])
def test_prerequisite_min_level_is_1_to_4(document, min_level):
    document["dimensions"][1]["prerequisites"][0]["min_level"] = min_level

    [error] = errors_of(document)
    path = "dimensions[1].prerequisites[0].min_level"
    assert error.startswith(f"{SOURCE}: {path}: must be an integer")


def test_a_dimension_cannot_be_its_own_prerequisite(document):
    document["dimensions"][1]["prerequisites"][0]["dimension"] = "model_serving"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[1].prerequisites[0].dimension: "
        "dimension 'model_serving' cannot be its own prerequisite"
    ]


def test_it_reports_prerequisite_cycles_with_their_path(document):
    document["dimensions"][0]["prerequisites"] = [{"dimension": "model_serving", "min_level": 1}]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].prerequisites: prerequisite cycle: "
        "ci_cd -> model_serving -> ci_cd"
    ]


def test_it_reports_longer_cycles_once(document):
    third = copy.deepcopy(document["dimensions"][1])
    third["key"] = "model_monitoring"
    third["questions"][0]["key"] = "monitoring_drift"
    third["prerequisites"] = [{"dimension": "model_serving", "min_level": 2}]
    document["dimensions"].append(third)
    document["dimensions"][0]["prerequisites"] = [{"dimension": "model_monitoring", "min_level": 1}]

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].prerequisites: prerequisite cycle: "
        "ci_cd -> model_monitoring -> model_serving -> ci_cd"
    ]


@pytest.mark.parametrize(
    ("where", "bad", "style"),
    [
        ("bank", "Tiny_Bank", "lowercase letters, digits and single hyphens"),
        ("dimension", "CI-CD", "snake_case"),
        ("question", "2fast", "snake_case"),
        ("choice", "not ok", "snake_case"),
        ("dimension", "a" * 65, "snake_case"),
    ],
)
def test_it_reports_bad_key_syntax(document, where, bad, style):
    node, path = {
        "bank": (document, "key"),
        "dimension": (document["dimensions"][0], "dimensions[0].key"),
        "question": (document["dimensions"][0]["questions"][0], "dimensions[0].questions[0].key"),
        "choice": (
            document["context_questions"][0]["choices"][0],
            "context_questions[0].choices[0].key",
        ),
    }[where]
    node["key"] = bad

    errors = errors_of(document)
    assert f"{SOURCE}: {path}: {bad!r} is not a valid key: use {style}, at most 64 characters" in (
        errors
    )


def test_areas_must_be_devops_mlops_context_in_order(document):
    document["areas"].reverse()

    assert errors_of(document) == [
        f"{SOURCE}: areas: must be exactly devops, mlops, context in this order, "
        "got context, mlops, devops"
    ]


def test_a_dimension_belongs_to_devops_or_mlops(document):
    document["dimensions"][0]["area"] = "context"

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].area: must be one of devops, mlops, got string 'context'"
    ]


def test_a_dimension_needs_at_least_one_question(document):
    document["dimensions"][0]["questions"] = []

    assert errors_of(document) == [
        f"{SOURCE}: dimensions[0].questions: must have at least 1 item(s)"
    ]


def test_the_version_is_a_positive_integer(document):
    document["version"] = 0

    assert errors_of(document) == [f"{SOURCE}: version: must be an integer of at least 1, got 0"]


def test_it_collects_every_error_and_joins_them_in_the_message(document):
    document["version"] = "one"
    document["dimensions"][1]["weight"] = 0
    del first_level(document)["text"]

    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework(document, source=SOURCE)

    assert len(caught.value.errors) == 3
    assert str(caught.value) == "\n".join(caught.value.errors)


def test_the_file_name_is_the_source_of_errors(tmp_path):
    path = tmp_path / "broken.v1.yaml"
    path.write_text("key: [\n", encoding="utf-8")

    with pytest.raises(FrameworkInvalid) as caught:
        load_framework_file(path)

    assert caught.value.errors[0].startswith(f"{path}: line ")
