"""The built-in bank's German and French translations: complete, checked like
an upload, every sentence translated, and scoring exactly like the bank."""

import random
import re
from functools import cache

import pytest

from assessor.advice import advise
from assessor.frameworks import (
    builtin_framework_files,
    builtin_translation_files,
    load_framework_file,
)
from assessor.frameworks.translation import parse_translation_yaml, skeleton, translated
from assessor.scoring import AnswerInput, score
from tests.brain.test_translation import _keys_and_numbers

BANKS = {
    (bank.key, bank.version): bank for bank in map(load_framework_file, builtin_framework_files())
}
V2 = BANKS[("devops-mlops-readiness", 2)]


@cache  # a whole translation takes seconds to check
def parsed(language: str):
    [path] = [p for p in builtin_translation_files() if p.name.endswith(f".v2.{language}.yaml")]
    return parse_translation_yaml(
        path.read_text(encoding="utf-8"),
        source=path.name,
        bank_for=lambda key, version: BANKS.get((key, version)),
        languages=["en", "de", "fr"],
    )


def leaves(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}/{key}")
    else:
        yield path, node


def test_version_two_ships_in_german_and_french():
    assert sorted(p.name for p in builtin_translation_files()) == [
        "devops-mlops-readiness.v2.de.yaml",
        "devops-mlops-readiness.v2.fr.yaml",
    ]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_sentence_of_the_bank_is_translated(language):
    translation = parsed(language)  # raises with every problem's path if incomplete
    english = dict(leaves(skeleton(V2)))
    texts = dict(leaves(translation.document))

    # Short names may stay (CI/CD, DevOps, MLOps); a sentence left in English may not.
    untranslated = [
        path
        for path, text in texts.items()
        if path in english and len(english[path].split()) > 3 and text.strip() == english[path]
    ]
    assert untranslated == []
    assert len(english) > 1_000


def test_french_puts_a_no_break_space_before_double_punctuation():
    text = "\n".join(text for _, text in leaves(parsed("fr").document) if isinstance(text, str))

    assert re.findall(r".{0,20} [;:!?»]", text) == []
    assert re.findall(r"« ", text) == []


@pytest.mark.parametrize("seed", range(10))
def test_the_translated_banks_score_and_advise_exactly_like_the_bank(seed):
    rng = random.Random(seed)
    banks = [V2] + [translated(V2, parsed(lang).document, lang) for lang in ("de", "fr")]
    answers = {
        q.key: AnswerInput("answered", rng.randint(0, 4))
        if rng.random() < 0.8
        else AnswerInput("unknown")
        for q in V2.scored_questions
    }
    context = {q.key: rng.choice(q.choice_keys) for q in V2.context_questions}

    cards = [score(bank, answers) for bank in banks]
    advice = [
        advise(bank, card, context, regulated=bool(seed % 2))
        for bank, card in zip(banks, cards, strict=True)
    ]

    figures = [_keys_and_numbers(card.to_dict()) for card in cards]
    assert figures[0] == figures[1] == figures[2]
    plain = [_keys_and_numbers(a.to_dict()) for a in advice]
    assert plain[0] == plain[1] == plain[2]
