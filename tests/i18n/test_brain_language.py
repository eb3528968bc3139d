"""The brain speaks the active language; its figures never depend on it.

Every golden scenario is scored and advised in English, German and French:
the numbers, the decision and the roadmap's shape are identical, while every
sentence the brain writes itself reads in the language asked for.
"""

from dataclasses import fields, is_dataclass

import pytest
from django.apps import apps
from django.utils import translation

from assessor.brain import i18n
from assessor.brain.scenarios import CLIENTS, run
from assessor.frameworks import builtin_framework_files, load_framework_file

V2 = load_framework_file(
    next(path for path in builtin_framework_files() if path.name.endswith(".v2.yaml"))
)


def figures(value):
    """Every number, bool and key of a result, in order; no words."""
    if is_dataclass(value):
        return tuple(
            (f.name, figures(getattr(value, f.name))) for f in fields(value) if f.name not in WORDS
        )
    if isinstance(value, dict):
        return tuple((k, figures(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(figures(v) for v in value)
    return value


# Fields that hold sentences or labels (translated); everything else is compared.
WORDS = {
    "label",
    "explanation",
    "why",
    "title",
    "summary",
    "description",
    "rationale",
    "source",
    "detail",
    "meaning",
    "scale",
    "reason",
    "name",
    "reference",
    "schedule",
    "provisional",
    "cluster_title",
    "excluded_because",
}


def advised(language, client):
    with translation.override(language):
        return run(V2, client)


@pytest.mark.parametrize("client", CLIENTS, ids=[c.key for c in CLIENTS])
def test_scores_and_decision_are_the_same_in_every_language(client):
    english_card, english = advised("en", client)
    for language in ("de", "fr"):
        card, advice = advised(language, client)
        assert figures(card) == figures(english_card), language
        assert advice.path.outcome == english.path.outcome
        assert figures(advice) == figures(english), language


def sentences(advice):
    """What the brain writes itself (bank texts such as next steps are the bank's)."""
    found = [advice.path.title, advice.path.summary, advice.schedule, *advice.path.provisional]
    found += [rule.description for rule in advice.path.rules]
    found += [rule.rationale for rule in advice.path.rules]
    found += [modifier.rationale for modifier in advice.modifiers]
    found += [target.source for target in advice.targets]
    found += [phase.title for phase in advice.phases]
    found += [item.detail for item in advice.discovery]
    if advice.dora:
        found += [advice.dora.meaning] + [m.title for m in advice.dora.metrics]
    found += [level.reason for level in advice.reference_levels]
    return found


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_sentence_of_the_advice_is_translated(language):
    untranslated = set()
    for client in CLIENTS:
        _card, english = advised("en", client)
        _card, translated = advised(language, client)
        for en, other in zip(sentences(english), sentences(translated), strict=True):
            # a sentence made only of the bank's words and figures may stay the same
            if en == other and any(word in en for word in (" the ", " is ", " and ", "months")):
                untranslated.add(en)
    assert not untranslated, untranslated


def test_quoted_answers_keep_german_capitals_and_lower_french_ones():
    client = next(c for c in CLIENTS if c.context.get("ai_adoption_stage") == "production")
    labels = {
        language: advised(language, client)[1].path.rules[0].rationale for language in ("de", "fr")
    }
    # German nouns keep their capital letter, French answers read mid-sentence in lower case
    assert labels["de"].split(": ", 1)[1][0].isupper(), labels["de"]
    assert labels["fr"].split("\u202f: ", 1)[1][0].islower(), labels["fr"]


def test_numbers_in_sentences_use_the_locales_decimal_comma():
    client = next(c for c in CLIENTS if c.context.get("budget_compute") == "constrained")
    with translation.override("de"):
        assert i18n.decimal(1.5) == "1,5"
        _card, advice = run(V2, client)
    budget = next(m for m in advice.modifiers if m.key == "constrained_budget")
    assert "1,5" in budget.rationale and "1.5" not in budget.rationale


def test_without_a_translator_the_brain_speaks_english():
    _card, english = advised("en", CLIENTS[0])
    i18n.uninstall()
    try:
        with translation.override("de"):
            _card, plain = run(V2, CLIENTS[0])
    finally:
        apps.get_app_config("assessor").ready()  # installs Django's translator again
    assert plain == english
