"""Bank translations (FORMAT.md, "Translations"): the validator's errors with
their paths, a round trip, and scores that never depend on the language."""

import copy
import random
import re
from pathlib import Path

import pytest
import yaml

from assessor.advice import advise
from assessor.frameworks import FrameworkInvalid, load_framework_file
from assessor.frameworks.translation import (
    parse_translation,
    parse_translation_yaml,
    skeleton,
    translated,
)
from assessor.scoring import AnswerInput, score

FIXTURES = Path(__file__).parent / "fixtures"
TINY = load_framework_file(FIXTURES / "tiny.v1.yaml")
LANGUAGES = ("en", "de", "fr")


def bank_for(key, version):
    return TINY if (key, version) == (TINY.key, TINY.version) else None


def fixture(language: str) -> dict:
    return yaml.safe_load((FIXTURES / f"tiny.v1.{language}.yaml").read_text(encoding="utf-8"))


def errors_of(document, **kwargs) -> list[str]:
    with pytest.raises(FrameworkInvalid) as caught:
        parse_translation(
            document, source="t.yaml", bank_for=bank_for, languages=LANGUAGES, **kwargs
        )
    return caught.value.errors


def load(language: str):
    text = (FIXTURES / f"tiny.v1.{language}.yaml").read_text(encoding="utf-8")
    return parse_translation_yaml(text, source="t.yaml", bank_for=bank_for, languages=LANGUAGES)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_fixture_translations_pass_and_change_only_texts(language):
    translation = load(language)
    bank = translated(TINY, translation.document, language)

    assert (translation.key, translation.version, translation.language) == (
        "tiny-bank",
        1,
        language,
    )
    assert bank.language == language and bank.sha256 == TINY.sha256
    assert bank.title != TINY.title
    assert (
        bank.question("ci_build").levels[3].next_step
        == (
            translation.document["dimensions"]["ci_cd"]["questions"]["ci_build"]["levels"][3][
                "next_step"
            ]
        )
    )
    # Everything but the words is the bank's.
    for mine, theirs in zip(bank.dimensions, TINY.dimensions, strict=True):
        assert (mine.key, mine.area, mine.weight, mine.kind, mine.prerequisites) == (
            theirs.key,
            theirs.area,
            theirs.weight,
            theirs.kind,
            theirs.prerequisites,
        )
        for q, original in zip(mine.questions, theirs.questions, strict=True):
            assert (q.key, q.weight, q.na_when) == (original.key, original.weight, original.na_when)
            assert [lv.level for lv in q.levels] == [lv.level for lv in original.levels]
    assert [c.choice_keys for c in bank.context_questions] == [
        c.choice_keys for c in TINY.context_questions
    ]
    assert [d.key for d in bank.dependency_order] == [d.key for d in TINY.dependency_order]


def test_round_trip_reads_back_every_text_it_was_given():
    document = fixture("de")
    bank = translated(TINY, load("de").document, "de")

    texts = {k: v for k, v in document.items() if k not in ("key", "version", "language")}
    assert skeleton(bank) == texts
    # And the bank's own texts, written out as a translation, are a valid one.
    again = {"key": TINY.key, "version": TINY.version, "language": "fr", **skeleton(TINY)}
    assert translated(
        TINY,
        parse_translation(again, source="t", bank_for=bank_for, languages=LANGUAGES).document,
        "fr",
    ).question("ci_build") == TINY.question("ci_build")


def test_a_missing_text_is_reported_with_its_path():
    document = fixture("de")
    del document["dimensions"]["ci_cd"]["questions"]["ci_build"]["levels"][3]["next_step"]
    del document["context_questions"]["ai_adoption_stage"]["choices"]["none"]

    assert errors_of(document) == [
        "t.yaml: context_questions/ai_adoption_stage/choices/none: missing",
        "t.yaml: dimensions/ci_cd/questions/ci_build/levels/3/next_step: missing",
    ]


def test_a_translation_carries_no_key_weight_level_or_structure_change():
    document = fixture("de")
    ci_cd = document["dimensions"]["ci_cd"]
    ci_cd["weight"] = 3
    ci_cd["prerequisites"] = [{"dimension": "model_serving", "min_level": 2}]
    ci_cd["questions"]["ci_build"]["levels"][5] = {"text": "Mehr", "next_step": "Noch mehr"}
    # A renamed question key: the old one is missing, the new one extra.
    ci_cd["questions"]["ci_build_renamed"] = ci_cd["questions"].pop("ci_build")
    document["areas"]["genai"] = {"title": "GenAI", "description": "Neu."}

    errors = errors_of(document)

    assert "t.yaml: areas/genai: extra key (the bank has no such text)" in errors
    assert "t.yaml: dimensions/ci_cd/weight: extra key (the bank has no such text)" in errors
    assert "t.yaml: dimensions/ci_cd/prerequisites: extra key (the bank has no such text)" in (
        errors
    )
    assert "t.yaml: dimensions/ci_cd/questions/ci_build: missing" in errors
    assert (
        "t.yaml: dimensions/ci_cd/questions/ci_build_renamed: extra key (the bank has no such text)"
        in errors
    )
    assert len(errors) == 5


def test_an_extra_level_or_optional_text_the_bank_lacks_is_extra():
    document = fixture("fr")
    question = document["dimensions"]["ci_cd"]["questions"]["ci_build"]
    question["levels"][5] = {"text": "Plus", "next_step": "Encore"}
    question["na_guidance"] = "Jamais."  # the bank has none for this question
    document["scoring_rule"] = "Choisissez le niveau le plus élevé."  # nor a scoring rule

    extra = ": extra key (the bank has no such text)"
    assert sorted(errors_of(document)) == [
        f"t.yaml: dimensions/ci_cd/questions/ci_build/levels/5{extra}",
        f"t.yaml: dimensions/ci_cd/questions/ci_build/na_guidance{extra}",
        f"t.yaml: scoring_rule{extra}",
    ]


@pytest.mark.parametrize("bad", ["", "   ", None, 3, ["a list"], {"a": "mapping"}])
def test_every_text_is_a_non_empty_string(bad):
    document = fixture("de")
    document["areas"]["mlops"]["description"] = bad

    [error] = errors_of(document)
    assert error.startswith("t.yaml: areas/mlops/description: ")


def test_a_mapping_where_a_text_is_expected_and_the_reverse():
    document = fixture("de")
    document["dimensions"]["model_serving"]["questions"] = "Alle Fragen"

    assert errors_of(document) == ["t.yaml: dimensions/model_serving/questions: must be a mapping"]


def test_level_numbers_may_be_written_as_text():
    document = fixture("de")
    levels = document["dimensions"]["ci_cd"]["questions"]["ci_build"]["levels"]
    document["dimensions"]["ci_cd"]["questions"]["ci_build"]["levels"] = {
        str(n): node for n, node in levels.items()
    }
    translation = parse_translation(document, source="t", bank_for=bank_for, languages=LANGUAGES)

    bank = translated(TINY, translation.document, "de")
    assert bank.question("ci_build").levels[0].text.startswith("Builds laufen")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"language": "en"}, "t.yaml: language: 'en' is not a language a bank can be translated"),
        ({"language": "es"}, "t.yaml: language: 'es' is not a language a bank can be translated"),
        ({"version": 2}, "t.yaml: key: there is no stored bank 'tiny-bank' version 2"),
        ({"key": "other-bank"}, "t.yaml: key: there is no stored bank 'other-bank' version 1"),
        ({"version": "1"}, "t.yaml: version: key must be text and version a whole number"),
    ],
)
def test_the_header_names_a_stored_bank_version_and_another_configured_language(change, expected):
    document = {**fixture("de"), **change}

    [error] = errors_of(document)
    assert error.startswith(expected)


def test_a_missing_header_is_reported_and_nothing_else_is_compared():
    document = fixture("de")
    del document["key"], document["language"]

    assert errors_of(document) == ["t.yaml: key: missing", "t.yaml: language: missing"]


def test_duplicate_yaml_keys_and_syntax_errors_are_reported():
    text = (FIXTURES / "tiny.v1.de.yaml").read_text(encoding="utf-8")
    duplicated = text.replace("title: Mini-Fragenkatalog\n", "title: A\ntitle: B\n")
    with pytest.raises(FrameworkInvalid) as caught:
        parse_translation_yaml(duplicated, source="t.yaml", bank_for=bank_for, languages=LANGUAGES)
    assert caught.value.errors == [
        "t.yaml: (root): duplicate mapping key 'title' (line 6, first defined on line 5)"
    ]
    with pytest.raises(FrameworkInvalid) as caught:
        parse_translation_yaml("key: [", source="t.yaml", bank_for=bank_for, languages=LANGUAGES)
    assert "YAML syntax error" in caught.value.errors[0]


def test_the_size_limits_of_a_bank_apply_before_anything_is_built():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i - 1}'}, *{'a' if i == 0 else f'b{i - 1}'}]\n"
        for i in range(40)
    )
    with pytest.raises(FrameworkInvalid) as caught:
        parse_translation_yaml(bomb, source="bomb.yaml", bank_for=bank_for, languages=LANGUAGES)
    [error] = caught.value.errors
    assert error.startswith("bomb.yaml: the document expands to more than 100,000 values")


def test_at_most_fifty_problems_are_listed():
    document = {"key": TINY.key, "version": 1, "language": "de", "title": "T", "description": "D"}
    document["dimensions"] = {f"d{i}": {} for i in range(80)}

    errors = errors_of(document)
    assert len(errors) == 51 and errors[-1].startswith("… and ")


# Scores never depend on the language.

_IDENTIFIER = re.compile(r"[a-z0-9_]*")


def _keys_and_numbers(value):
    """The advice or scorecard with every text blanked: keys, states and figures stay."""
    if isinstance(value, dict):
        return {k: _keys_and_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_keys_and_numbers(v) for v in value]
    if isinstance(value, str) and not _IDENTIFIER.fullmatch(value):
        return "…"
    return value


@pytest.mark.parametrize("seed", range(20))
def test_scorecard_and_advice_are_the_same_in_every_language(seed):
    rng = random.Random(seed)
    banks = [TINY, translated(TINY, load("de").document, "de")]
    banks.append(translated(TINY, load("fr").document, "fr"))
    answers = {
        q.key: rng.choice(
            [
                AnswerInput("answered", rng.randint(0, 4)),
                AnswerInput("na", note="No models."),
                AnswerInput("unknown"),
            ]
        )
        for q in TINY.scored_questions
    }
    context = {"ai_adoption_stage": rng.choice(["none", "production"])}

    cards = [score(bank, answers) for bank in banks]
    advice = [
        advise(bank, card, context, regulated=seed % 2 == 0)
        for bank, card in zip(banks, cards, strict=True)
    ]

    # The same figures, keys and states; only the words (titles, explanations) differ.
    figures = [_keys_and_numbers(card.to_dict()) for card in cards]
    assert figures[0] == figures[1] == figures[2]
    assert cards[1].dimension("model_serving").title == "Modellbereitstellung"
    plain = [_keys_and_numbers(a.to_dict()) for a in advice]
    assert plain[0] == plain[1] == plain[2]
    assert advice[0].path.outcome == advice[1].path.outcome == advice[2].path.outcome


def test_a_translated_bank_is_not_mistaken_for_the_english_one():
    german = translated(TINY, load("de").document, "de")

    assert german != TINY  # its texts differ
    assert copy.copy(german).language == "de"
