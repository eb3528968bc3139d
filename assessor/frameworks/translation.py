"""Translations of a question bank: every text of one bank version in another language.

A translation is a YAML document shaped like the bank's texts (FORMAT.md,
"Translations"): the same keys at every depth, each leaf a non-empty text, and
nothing else. Its expected shape is derived from the bank itself (`skeleton`),
so a translation can carry no key, weight, level number, prerequisite or
structure change: anything the bank does not have is an extra key, anything it
has and the translation lacks is a missing one. The translated Framework keeps
the bank's keys, weights, structure and fingerprint, so it scores exactly like
the bank; only the words differ.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Any

from assessor.frameworks import bounded_yaml
from assessor.frameworks.schema import Framework
from assessor.frameworks.validator import FrameworkInvalid, _load_yaml, canonical_sha256

# The language every bank is written in; a translation is into another one.
BANK_LANGUAGE = "en"
HEADER_FIELDS = ("key", "version", "language")
ROOT = "(root)"


@dataclass(frozen=True)
class Translation:
    """A validated translation of bank `key` version `version` into `language`."""

    key: str
    version: int
    language: str
    document: dict[str, Any]
    sha256: str


def skeleton(framework: Framework) -> dict[str, Any]:
    """Every translatable text of the bank, in the translation format (English texts).

    An optional text (scoring_rule, na_guidance) is part of the shape only when
    the bank has it.
    """
    out: dict[str, Any] = {"title": framework.title, "description": framework.description}
    if framework.scoring_rule:
        out["scoring_rule"] = framework.scoring_rule
    out["areas"] = {
        a.key: {"title": a.title, "description": a.description} for a in framework.areas
    }
    out["context_questions"] = {
        q.key: {
            "text": q.text,
            "help": q.help,
            "choices": {c.key: {"label": c.label, "description": c.description} for c in q.choices},
        }
        for q in framework.context_questions
    }
    dimensions: dict[str, Any] = {}
    for d in framework.dimensions:
        questions: dict[str, Any] = {}
        for q in d.questions:
            node: dict[str, Any] = {"text": q.text, "help": q.help}
            if q.na_guidance:
                node["na_guidance"] = q.na_guidance
            node["levels"] = {
                lv.level: {"text": lv.text, "next_step": lv.next_step} for lv in q.levels
            }
            questions[q.key] = node
        dimensions[d.key] = {"title": d.title, "description": d.description, "questions": questions}
    out["dimensions"] = dimensions
    return out


_HEADER_KEY = re.compile(r"^key: *([a-z0-9-]+) *$", re.MULTILINE)
_HEADER_VERSION = re.compile(r"^version: *([0-9]+) *$", re.MULTILINE)


def peek_header(text: str) -> tuple[str, int] | None:
    """The bank key and version a translation file names, read without parsing
    it (None when they are not written plainly); parse_translation_yaml decides."""
    key, version = _HEADER_KEY.search(text), _HEADER_VERSION.search(text)
    return (key[1], int(version[1])) if key and version else None


def parse_translation_yaml(
    text: str,
    *,
    source: str,
    bank_for: Callable[[str, int], Framework | None],
    languages: Collection[str],
) -> Translation:
    """Validate a translation file; raise FrameworkInvalid listing every problem.

    `bank_for(key, version)` gives the stored bank it translates (None when
    there is no such version); `languages` are the ones it may be written in.
    The size limits of a bank apply (bounded_yaml), checked before anything else.
    """
    try:
        bounded_yaml.check_size(text, source=source)
    except bounded_yaml.DocumentTooLarge as e:
        raise FrameworkInvalid([str(e)]) from None
    document, duplicates = _load_yaml(text, source)
    return parse_translation(
        document, source=source, bank_for=bank_for, languages=languages, earlier=duplicates
    )


def parse_translation(
    document: Any,
    *,
    source: str,
    bank_for: Callable[[str, int], Framework | None],
    languages: Collection[str],
    earlier: list[str] | None = None,
) -> Translation:
    errors = list(earlier or [])

    def error(path: str, message: str) -> None:
        errors.append(f"{source}: {path}: {message}")

    if not isinstance(document, dict):
        raise FrameworkInvalid([*errors, f"{source}: {ROOT}: must be a mapping"])
    for name in HEADER_FIELDS:
        if name not in document:
            error(name, "missing")
    key, version, language = (document.get(name) for name in HEADER_FIELDS)
    allowed = sorted(set(languages) - {BANK_LANGUAGE})
    if "language" in document and language not in allowed:
        error(
            "language",
            f"{language!r} is not a language a bank can be translated into "
            f"(one of: {', '.join(allowed) or 'none configured'})",
        )
    bank = None
    if isinstance(key, str) and isinstance(version, int) and not isinstance(version, bool):
        bank = bank_for(key, version)
        if bank is None:
            error("key", f"there is no stored bank {key!r} version {version}")
    elif "key" in document and "version" in document:
        error("version", "key must be text and version a whole number")
    if bank is not None:
        texts = {name: value for name, value in document.items() if name not in HEADER_FIELDS}
        _compare(skeleton(bank), texts, "", error)
    if errors:
        raise FrameworkInvalid(bounded_yaml.capped(errors))
    document = copy.deepcopy(document)
    return Translation(key, version, language, document, canonical_sha256(document))


def _compare(expected: Any, got: Any, path: str, error: Callable[[str, str], None]) -> None:
    """Report every difference of shape between the bank's texts and the translation's."""
    where = path or ROOT
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            error(where, "must be a mapping")
            return
        # Level numbers are YAML integers; "3" and 3 name the same level.
        got_by_name = {str(name): value for name, value in got.items()}
        for name, value in expected.items():
            child = f"{path}/{name}" if path else str(name)
            if str(name) not in got_by_name:
                error(child, "missing")
            else:
                _compare(value, got_by_name[str(name)], child, error)
        names = {str(name) for name in expected}
        for name in got_by_name:
            if name not in names:
                error(f"{path}/{name}" if path else name, "extra key (the bank has no such text)")
    elif not isinstance(got, str) or not got.strip():
        error(where, "must be a non-empty text")


def translated(framework: Framework, translation: dict[str, Any], language: str) -> Framework:
    """The bank with the translation's texts over the same keys, weights and structure.

    `translation` must have passed parse_translation against this bank.
    """
    t = translation

    def area(a):
        node = t["areas"][a.key]
        return replace(a, title=node["title"], description=node["description"])

    def choice(c, node):
        return replace(c, label=node["label"], description=node["description"])

    def context(q):
        node = t["context_questions"][q.key]
        choices = tuple(choice(c, node["choices"][c.key]) for c in q.choices)
        return replace(q, text=node["text"], help=node["help"], choices=choices)

    def level(lv, levels):
        node = levels.get(lv.level) or levels[str(lv.level)]
        return replace(lv, text=node["text"], next_step=node["next_step"])

    def question(q, node):
        levels = tuple(level(lv, node["levels"]) for lv in q.levels)
        return replace(
            q,
            text=node["text"],
            help=node["help"],
            na_guidance=node.get("na_guidance", q.na_guidance),
            levels=levels,
        )

    def dimension(d):
        node = t["dimensions"][d.key]
        questions = tuple(question(q, node["questions"][q.key]) for q in d.questions)
        return replace(d, title=node["title"], description=node["description"], questions=questions)

    return replace(
        framework,
        title=t["title"],
        description=t["description"],
        scoring_rule=t.get("scoring_rule", framework.scoring_rule),
        areas=tuple(area(a) for a in framework.areas),
        context_questions=tuple(context(q) for q in framework.context_questions),
        dimensions=tuple(dimension(d) for d in framework.dimensions),
        language=language,
    )
