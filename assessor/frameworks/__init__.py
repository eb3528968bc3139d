"""Question banks: the immutable Framework model and its loader/validator (see FORMAT.md)."""

from assessor.frameworks.roles import Roles, implied_roles, roles_of
from assessor.frameworks.schema import (
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
from assessor.frameworks.validator import (
    FrameworkInvalid,
    builtin_framework_files,
    builtin_translation_files,
    canonical_sha256,
    load_framework_file,
    parse_framework,
    parse_framework_yaml,
)

__all__ = [
    "Area",
    "Choice",
    "ContextQuestion",
    "Dimension",
    "Framework",
    "FrameworkInvalid",
    "Level",
    "NaCondition",
    "Prerequisite",
    "Question",
    "Roles",
    "builtin_framework_files",
    "builtin_translation_files",
    "canonical_sha256",
    "implied_roles",
    "load_framework_file",
    "parse_framework",
    "parse_framework_yaml",
    "roles_of",
]
