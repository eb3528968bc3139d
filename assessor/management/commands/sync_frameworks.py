"""Load the built-in question banks and their translations into the database (idempotent).

`make run`, CI and the web container call this on every start.
"""

import hashlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessor import frameworks
from assessor.frameworks import translation as bank_translation
from assessor.models import Framework
from assessor.services import (
    FrameworkConflict,
    framework_store,
    translation_bank_lookup,
    translation_store,
)

# (file text, bank fingerprint) -> its validated translation. Parsing and
# checking a whole translation takes seconds; the tests sync before each test.
_CHECKED: dict[tuple[str, ...], bank_translation.Translation] = {}


def _check(path, text: str, languages: list[str]) -> bank_translation.Translation:
    header = bank_translation.peek_header(text)
    bank = translation_bank_lookup(*header) if header else None
    key = (hashlib.sha256(text.encode()).hexdigest(), bank.sha256 if bank else "", *languages)
    if key not in _CHECKED or bank is None:
        parsed = bank_translation.parse_translation_yaml(
            text, source=str(path), bank_for=translation_bank_lookup, languages=languages
        )
        if bank is None:
            return parsed
        _CHECKED[key] = parsed
    return _CHECKED[key]


class Command(BaseCommand):
    help = (
        "Validate the built-in framework YAML files and their translations; store new or "
        "corrected versions."
    )

    def handle(self, *args, **options):
        problems = []
        for path in frameworks.builtin_framework_files():
            try:
                parsed = frameworks.load_framework_file(path)
                stored, outcome = framework_store(parsed=parsed, builtin=True)
            except (frameworks.FrameworkInvalid, FrameworkConflict) as e:
                problems.append(str(e))
                continue
            self.stdout.write(f"{stored.key} v{stored.version}: {outcome}")
        languages = [code for code, _ in settings.LANGUAGES]
        for path in frameworks.builtin_translation_files():
            try:
                parsed = _check(path, path.read_text(encoding="utf-8"), languages)
            except frameworks.FrameworkInvalid as e:
                problems.append(str(e))
                continue
            expected = f"{parsed.key}.v{parsed.version}.{parsed.language}.yaml"
            if path.name != expected:
                problems.append(f"{path}: its header says it is {expected}; rename one of them")
                continue
            framework = Framework.objects.get(key=parsed.key, version=parsed.version)
            _, outcome = translation_store(framework=framework, translation=parsed, builtin=True)
            self.stdout.write(f"{parsed.key} v{parsed.version} {parsed.language}: {outcome}")
        if problems:
            raise CommandError("\n".join(problems))
