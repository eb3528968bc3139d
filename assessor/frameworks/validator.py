"""Load a question bank from YAML or a dict, check every rule of FORMAT.md, build a Framework.

Every problem found is collected (not just the first) so an author fixes a
bank in one pass. Each error reads "<source>: <path to node>: <what is wrong>".
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from assessor.frameworks.roles import (
    CONTEXT_ROLE_CHOICES,
    DIMENSION_ROLES,
    DORA_METRICS,
    GOVERNANCE_QUESTION_ROLES,
    MODEL_SAFETY_QUESTION_ROLES,
    ROLE_GROUPS,
    Roles,
)
from assessor.frameworks.schema import (
    AREA_KEYS,
    DIMENSION_KINDS,
    MAX_LEVEL,
    SCORED_AREAS,
    Area,
    Choice,
    ContextQuestion,
    Dimension,
    Framework,
    Level,
    NaCondition,
    Prerequisite,
    Question,
)

ROOT = "(root)"
BANK_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ITEM_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
MAX_KEY_LENGTH = 64  # keys end up in database columns and URLs
MIN_CHOICES, MAX_CHOICES = 2, 8
MAX_WEIGHT = 10

TOP_FIELDS = ("key", "version", "title", "description", "areas", "context_questions", "dimensions")
TOP_OPTIONAL = ("scoring_rule", "roles")
AREA_FIELDS = ("key", "title", "description")
CONTEXT_FIELDS = ("key", "text", "help", "choices")
CHOICE_FIELDS = ("key", "label", "description")
DIMENSION_FIELDS = ("key", "area", "title", "description", "weight", "questions")
DIMENSION_OPTIONAL = ("kind", "prerequisites")
PREREQUISITE_FIELDS = ("dimension", "min_level")
QUESTION_FIELDS = ("key", "text", "help", "weight", "levels")
QUESTION_OPTIONAL = ("na_when", "na_guidance")
NA_CONDITION_FIELDS = ("context", "choices")
LEVEL_FIELDS = ("level", "text", "next_step")


class FrameworkInvalid(Exception):
    """A bank that breaks FORMAT.md; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


BANK_FILE = re.compile(r"[a-z0-9-]+\.v[0-9]+\.yaml")
TRANSLATION_FILE = re.compile(r"[a-z0-9-]+\.v[0-9]+\.[a-z]{2,3}(?:-[a-z0-9]+)?\.yaml")


def builtin_framework_files() -> list[Path]:
    """The built-in banks, `<key>.v<version>.yaml` beside this package."""
    return sorted(p for p in Path(__file__).parent.glob("*.yaml") if BANK_FILE.fullmatch(p.name))


def builtin_translation_files() -> list[Path]:
    """The built-in translations, `<key>.v<version>.<language>.yaml` beside the banks."""
    return sorted(
        p for p in Path(__file__).parent.glob("*.yaml") if TRANSLATION_FILE.fullmatch(p.name)
    )


def load_framework_file(path: str | Path) -> Framework:
    path = Path(path)
    return parse_framework_yaml(path.read_text(encoding="utf-8"), source=str(path))


def parse_framework_yaml(text: str, *, source: str) -> Framework:
    document, duplicate_key_errors = _load_yaml(text, source)
    return _validate_and_build(document, source, duplicate_key_errors)


def parse_framework(document: dict[str, Any], *, source: str) -> Framework:
    return _validate_and_build(document, source, [])


def canonical_sha256(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _validate_and_build(document: Any, source: str, earlier_errors: list[str]) -> Framework:
    checker = _Checker(source)
    checker.errors.extend(earlier_errors)
    checker.check_bank(document)
    if checker.errors:
        raise FrameworkInvalid(checker.errors)
    return _build(copy.deepcopy(document))


# -- YAML ---------------------------------------------------------------------------------


def _load_yaml(text: str, source: str) -> tuple[Any, list[str]]:
    """Parse YAML, reporting duplicate mapping keys that PyYAML would silently overwrite."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrameworkInvalid([f"{source}: {ROOT}: the document is empty"])
        duplicates = [f"{source}: {message}" for message in _duplicate_keys(node, ROOT, set())]
        return loader.construct_document(node), duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ROOT
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrameworkInvalid([f"{source}: {where}: YAML syntax error: {problem}"]) from exc
    except yaml.YAMLError as exc:
        raise FrameworkInvalid([f"{source}: {ROOT}: YAML error: {exc}"]) from exc
    finally:
        loader.dispose()


def _duplicate_keys(node: yaml.Node, path: str, visited: set[int]) -> Iterator[str]:
    if id(node) in visited:  # aliases may make the node graph recursive
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            line = key_node.start_mark.line + 1
            if name in first_line:
                yield (
                    f"{path}: duplicate mapping key '{name}' "
                    f"(line {line}, first defined on line {first_line[name]})"
                )
            else:
                first_line[name] = line
            yield from _duplicate_keys(value_node, _field(path, name), visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{index}]", visited)


# -- checking -----------------------------------------------------------------------------


def _field(path: str, name: str) -> str:
    return name if path == ROOT else f"{path}.{name}"


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"string {value[:40]!r}"
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!s:.40}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []
        # first path where each scored or context question key was seen
        self.question_paths: dict[str, str] = {}
        # what later checks (na_when, roles) refer to
        self.context_choices: dict[str, tuple[str, ...]] = {}
        self.scored_questions: set[str] = set()
        self.dimension_kinds: dict[str, str] = {}
        # (path, condition) of every na_when entry, checked once all context is known
        self.na_conditions: list[tuple[str, Any]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{self.source}: {path}: {message}")

    # generic node checks: each returns the value when it is usable, else None

    def mapping(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping, got {_describe(value)}")
            return None
        allowed = required + optional
        for name in value:
            if name not in allowed:
                self.error(path, f"unknown field {name!r} (allowed: {', '.join(allowed)})")
        for name in required:
            if name not in value:
                self.error(path, f"missing field '{name}'")
        return value

    def items(self, node: dict[str, Any], name: str, path: str, minimum: int = 0) -> list[Any]:
        if name not in node:
            return []
        value = node[name]
        if not isinstance(value, list):
            self.error(_field(path, name), f"must be a list, got {_describe(value)}")
            return []
        if len(value) < minimum:
            self.error(_field(path, name), f"must have at least {minimum} item(s)")
        return value

    def text(self, node: dict[str, Any], name: str, path: str) -> None:
        if name in node and not (isinstance(node[name], str) and node[name].strip()):
            self.error(
                _field(path, name), f"must be a non-empty string, got {_describe(node[name])}"
            )

    def key(
        self, node: dict[str, Any], path: str, pattern: re.Pattern[str], style: str
    ) -> str | None:
        if "key" not in node:
            return None
        value = node["key"]
        if not isinstance(value, str):
            self.error(_field(path, "key"), f"must be a string, got {_describe(value)}")
            return None
        if not pattern.fullmatch(value) or len(value) > MAX_KEY_LENGTH:
            self.error(
                _field(path, "key"),
                f"{value!r} is not a valid key: use {style}, at most {MAX_KEY_LENGTH} characters",
            )
            return None
        return value

    def weight(self, node: dict[str, Any], path: str) -> None:
        if "weight" not in node:
            return
        value = node["weight"]
        if not _is_number(value):
            self.error(_field(path, "weight"), f"must be a number, got {_describe(value)}")
        elif not 0 < value <= MAX_WEIGHT:
            self.error(
                _field(path, "weight"),
                f"must be greater than 0 and at most {MAX_WEIGHT}, got {value!r}",
            )

    def integer(
        self, node: dict[str, Any], name: str, path: str, low: int, high: int | None
    ) -> None:
        if name not in node:
            return
        value = node[name]
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(_field(path, name), f"must be an integer, got {_describe(value)}")
        elif value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            self.error(_field(path, name), f"must be an integer {bounds}, got {value}")

    def unique_question_key(self, key: str | None, path: str) -> None:
        if key is None:
            return
        if key in self.question_paths:
            self.error(
                _field(path, "key"),
                f"duplicate question key {key!r} (already used at {self.question_paths[key]})",
            )
        else:
            self.question_paths[key] = path

    # the bank, top down

    def check_bank(self, document: Any) -> None:
        bank = self.mapping(document, ROOT, TOP_FIELDS, TOP_OPTIONAL)
        if bank is None:
            return
        self.key(bank, ROOT, BANK_KEY, "lowercase letters, digits and single hyphens")
        self.integer(bank, "version", ROOT, 1, None)
        self.text(bank, "title", ROOT)
        self.text(bank, "description", ROOT)
        self.text(bank, "scoring_rule", ROOT)
        self.check_areas(bank)
        for index, question in enumerate(self.items(bank, "context_questions", ROOT)):
            self.check_context_question(question, f"context_questions[{index}]")
        dimensions = self.items(bank, "dimensions", ROOT, minimum=1)
        dimension_paths: dict[str, str] = {}
        for index, dimension in enumerate(dimensions):
            path = f"dimensions[{index}]"
            key = self.check_dimension(dimension, path)
            if key is None:
                continue
            if key in dimension_paths:
                self.error(
                    _field(path, "key"),
                    f"duplicate dimension key {key!r} (already used at {dimension_paths[key]})",
                )
            else:
                dimension_paths[key] = path
        self.check_prerequisite_graph(dimensions, dimension_paths)
        for path, condition in self.na_conditions:
            self.check_na_condition(condition, path)
        if "roles" in bank:
            self.check_roles(bank["roles"])

    def check_areas(self, bank: dict[str, Any]) -> None:
        areas = self.items(bank, "areas", ROOT)
        keys = []
        for index, area in enumerate(areas):
            path = f"areas[{index}]"
            node = self.mapping(area, path, AREA_FIELDS)
            if node is None:
                continue
            keys.append(node.get("key"))
            self.text(node, "title", path)
            self.text(node, "description", path)
        if "areas" in bank and isinstance(bank["areas"], list) and tuple(keys) != AREA_KEYS:
            got = ", ".join(str(key) for key in keys) or "none"
            self.error("areas", f"must be exactly {', '.join(AREA_KEYS)} in this order, got {got}")

    def check_context_question(self, question: Any, path: str) -> None:
        node = self.mapping(question, path, CONTEXT_FIELDS)
        if node is None:
            return
        self.unique_question_key(self.key(node, path, ITEM_KEY, "snake_case"), path)
        self.text(node, "text", path)
        self.text(node, "help", path)
        choices = self.items(node, "choices", path, minimum=MIN_CHOICES)
        if isinstance(node.get("key"), str):
            self.context_choices[node["key"]] = tuple(
                c["key"] for c in choices if isinstance(c, dict) and isinstance(c.get("key"), str)
            )
        if len(choices) > MAX_CHOICES:
            self.error(_field(path, "choices"), f"must have at most {MAX_CHOICES} choices")
        choice_paths: dict[str, str] = {}
        for index, choice in enumerate(choices):
            choice_path = f"{path}.choices[{index}]"
            choice_node = self.mapping(choice, choice_path, CHOICE_FIELDS)
            if choice_node is None:
                continue
            self.text(choice_node, "label", choice_path)
            self.text(choice_node, "description", choice_path)
            key = self.key(choice_node, choice_path, ITEM_KEY, "snake_case")
            if key in choice_paths:
                self.error(
                    _field(choice_path, "key"),
                    f"duplicate choice key {key!r} (already used at {choice_paths[key]})",
                )
            elif key is not None:
                choice_paths[key] = choice_path

    def check_dimension(self, dimension: Any, path: str) -> str | None:
        node = self.mapping(dimension, path, DIMENSION_FIELDS, DIMENSION_OPTIONAL)
        if node is None:
            return None
        key = self.key(node, path, ITEM_KEY, "snake_case")
        kind = node.get("kind", "practice")
        if kind not in DIMENSION_KINDS:
            self.error(
                _field(path, "kind"),
                f"must be one of {', '.join(DIMENSION_KINDS)}, got {_describe(kind)}",
            )
            kind = "practice"  # reported once; later checks treat it as the default
        if key is not None:
            self.dimension_kinds.setdefault(key, kind)
        if kind == "profile" and node.get("prerequisites"):
            self.error(
                _field(path, "prerequisites"),
                "a profile dimension is not scored into the roadmap, so it has no prerequisites",
            )
        if "area" in node and node["area"] not in SCORED_AREAS:
            self.error(
                _field(path, "area"),
                f"must be one of {', '.join(SCORED_AREAS)}, got {_describe(node['area'])}",
            )
        self.text(node, "title", path)
        self.text(node, "description", path)
        self.weight(node, path)
        for index, prerequisite in enumerate(self.items(node, "prerequisites", path)):
            prerequisite_path = f"{path}.prerequisites[{index}]"
            prerequisite_node = self.mapping(prerequisite, prerequisite_path, PREREQUISITE_FIELDS)
            if prerequisite_node is not None:
                self.integer(prerequisite_node, "min_level", prerequisite_path, 1, MAX_LEVEL)
        for index, question in enumerate(self.items(node, "questions", path, minimum=1)):
            self.check_question(question, f"{path}.questions[{index}]")
        return key

    def check_question(self, question: Any, path: str) -> None:
        node = self.mapping(question, path, QUESTION_FIELDS, QUESTION_OPTIONAL)
        if node is None:
            return
        key = self.key(node, path, ITEM_KEY, "snake_case")
        self.unique_question_key(key, path)
        if key is not None:
            self.scored_questions.add(key)
        self.text(node, "text", path)
        self.text(node, "help", path)
        self.text(node, "na_guidance", path)
        self.weight(node, path)
        for index, condition in enumerate(self.items(node, "na_when", path, minimum=1)):
            self.na_conditions.append((f"{path}.na_when[{index}]", condition))
        levels = self.items(node, "levels", path)
        if "levels" in node and isinstance(node["levels"], list) and len(levels) != MAX_LEVEL + 1:
            self.error(
                _field(path, "levels"),
                f"must list exactly {MAX_LEVEL + 1} levels (0 to {MAX_LEVEL}), got {len(levels)}",
            )
        for index, level in enumerate(levels):
            level_path = f"{path}.levels[{index}]"
            level_node = self.mapping(level, level_path, LEVEL_FIELDS)
            if level_node is None:
                continue
            self.text(level_node, "text", level_path)
            self.text(level_node, "next_step", level_path)
            value = level_node.get("level", index)
            if not isinstance(value, int) or isinstance(value, bool) or value != index:
                self.error(
                    _field(level_path, "level"),
                    f"expected level {index} here (levels run 0, 1, 2, 3, 4 in order), "
                    f"got {_describe(value)}",
                )

    def check_na_condition(self, condition: Any, path: str) -> None:
        node = self.mapping(condition, path, NA_CONDITION_FIELDS)
        if node is None or "context" not in node:
            return
        context = node["context"]
        if not isinstance(context, str) or context not in self.context_choices:
            scored = isinstance(context, str) and context in self.scored_questions
            self.error(
                _field(path, "context"),
                f"unknown context question {_describe(context)}"
                + (" (that is a scored question)" if scored else ""),
            )
            return
        choices = self.items(node, "choices", path, minimum=1)
        seen: set[str] = set()
        for index, choice in enumerate(choices):
            choice_path = f"{path}.choices[{index}]"
            if choice not in self.context_choices[context]:
                self.error(
                    choice_path,
                    f"{_describe(choice)} is not a choice of {context!r} "
                    f"(choices: {', '.join(self.context_choices[context])})",
                )
            elif choice in seen:
                self.error(choice_path, f"duplicate choice {choice!r}")
            else:
                seen.add(choice)

    def check_roles(self, roles: Any) -> None:
        """Every role is a known one and names keys that exist, of the right sort."""
        node = self.mapping(roles, "roles", (), ROLE_GROUPS)
        if node is None:
            return
        dimensions = self.role_group(node, "dimensions", DIMENSION_ROLES)
        for role, keys in dimensions.items():
            path = f"roles.dimensions.{role}"
            if not isinstance(keys, list) or not keys:
                self.error(
                    path, f"must be a non-empty list of dimension keys, got {_describe(keys)}"
                )
                continue
            for index, key in enumerate(keys):
                kind = self.dimension_kinds.get(key) if isinstance(key, str) else None
                if kind is None:
                    self.error(f"{path}[{index}]", f"unknown dimension {_describe(key)}")
                elif kind == "profile":
                    self.error(
                        f"{path}[{index}]",
                        f"{key!r} is a profile dimension; roles name practice dimensions",
                    )
                elif keys.index(key) != index:
                    self.error(f"{path}[{index}]", f"duplicate dimension {key!r}")
        for group, known in (
            ("model_safety_questions", MODEL_SAFETY_QUESTION_ROLES),
            ("governance_questions", GOVERNANCE_QUESTION_ROLES),
            ("dora", DORA_METRICS),
        ):
            for role, key in self.role_group(node, group, known).items():
                if not isinstance(key, str) or key not in self.scored_questions:
                    self.error(f"roles.{group}.{role}", f"unknown scored question {_describe(key)}")
        for role, key in self.role_group(node, "context", CONTEXT_ROLE_CHOICES).items():
            path = f"roles.context.{role}"
            if not isinstance(key, str) or key not in self.context_choices:
                self.error(path, f"unknown context question {_describe(key)}")
                continue
            missing = [c for c in CONTEXT_ROLE_CHOICES[role] if c not in self.context_choices[key]]
            if missing:
                self.error(
                    path,
                    f"context question {key!r} must offer the choices the {role!r} role reads; "
                    f"missing: {', '.join(missing)}",
                )

    def role_group(
        self, roles: dict[str, Any], group: str, known: dict[str, Any]
    ) -> dict[str, Any]:
        """The usable entries of one group of roles, reporting unknown role names."""
        if group not in roles:
            return {}
        value = roles[group]
        path = f"roles.{group}"
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping, got {_describe(value)}")
            return {}
        usable = {}
        for role, keys in value.items():
            if role not in known:
                self.error(path, f"unknown role {role!r} (known: {', '.join(known)})")
            else:
                usable[role] = keys
        return usable

    def check_prerequisite_graph(self, dimensions: list[Any], paths: dict[str, str]) -> None:
        """Prerequisites must name other, existing dimensions and must not form a cycle."""
        graph: dict[str, list[str]] = {}
        for index, dimension in enumerate(dimensions):
            if not isinstance(dimension, dict) or not isinstance(dimension.get("key"), str):
                continue
            key = dimension["key"]
            edges = graph.setdefault(key, [])
            prerequisites = dimension.get("prerequisites")
            for number, prerequisite in enumerate(
                prerequisites if isinstance(prerequisites, list) else []
            ):
                if not isinstance(prerequisite, dict) or "dimension" not in prerequisite:
                    continue
                path = f"dimensions[{index}].prerequisites[{number}].dimension"
                target = prerequisite["dimension"]
                if not isinstance(target, str):
                    self.error(path, f"must be a dimension key, got {_describe(target)}")
                elif target == key:
                    self.error(path, f"dimension {key!r} cannot be its own prerequisite")
                elif target not in paths:
                    self.error(path, f"unknown dimension {target!r}")
                elif self.dimension_kinds.get(target) == "profile":
                    self.error(
                        path,
                        f"{target!r} is a profile dimension; a prerequisite must be a practice",
                    )
                elif target in edges:
                    self.error(path, f"duplicate prerequisite {target!r}")
                else:
                    edges.append(target)
        for cycle in _cycles(graph):
            self.error(
                _field(paths[cycle[0]], "prerequisites"),
                f"prerequisite cycle: {' -> '.join(cycle)}",
            )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each distinct cycle once, as a path that returns to its start (a -> b -> a)."""
    visiting: list[str] = []
    done: set[str] = set()
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        visiting.append(node)
        for target in graph.get(node, ()):
            if target in visiting:
                cycle = visiting[visiting.index(target) :] + [target]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append(cycle)
            elif target not in done:
                visit(target)
        visiting.pop()
        done.add(node)

    for node in graph:
        if node not in done:
            visit(node)
    return found


# -- building -----------------------------------------------------------------------------


def _build(document: dict[str, Any]) -> Framework:
    return Framework(
        key=document["key"],
        version=document["version"],
        title=document["title"],
        description=document["description"],
        areas=tuple(Area(a["key"], a["title"], a["description"]) for a in document["areas"]),
        dimensions=tuple(_build_dimension(d) for d in document["dimensions"]),
        context_questions=tuple(
            ContextQuestion(
                key=q["key"],
                text=q["text"],
                help=q["help"],
                choices=tuple(Choice(c["key"], c["label"], c["description"]) for c in q["choices"]),
            )
            for q in document["context_questions"]
        ),
        document=document,
        sha256=canonical_sha256(document),
        scoring_rule=document.get("scoring_rule", ""),
        roles=_build_roles(document["roles"]) if "roles" in document else None,
    )


def _build_roles(node: dict[str, Any]) -> Roles:
    return Roles(
        dimensions={role: tuple(keys) for role, keys in node.get("dimensions", {}).items()},
        model_safety_questions=node.get("model_safety_questions", {}),
        governance_questions=node.get("governance_questions", {}),
        context=node.get("context", {}),
        dora=node.get("dora", {}),
    )


def _build_dimension(node: dict[str, Any]) -> Dimension:
    return Dimension(
        key=node["key"],
        area=node["area"],
        title=node["title"],
        description=node["description"],
        weight=float(node["weight"]),
        kind=node.get("kind", "practice"),
        prerequisites=tuple(
            Prerequisite(p["dimension"], p["min_level"]) for p in node.get("prerequisites", [])
        ),
        questions=tuple(
            Question(
                key=q["key"],
                dimension=node["key"],
                text=q["text"],
                help=q["help"],
                weight=float(q["weight"]),
                levels=tuple(Level(lv["level"], lv["text"], lv["next_step"]) for lv in q["levels"]),
                na_when=tuple(
                    NaCondition(c["context"], tuple(c["choices"])) for c in q.get("na_when", [])
                ),
                na_guidance=q.get("na_guidance", ""),
            )
            for q in node["questions"]
        ),
    )
