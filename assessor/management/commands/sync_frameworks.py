"""Load the built-in question banks and their translations into the database (idempotent).

`make run`, CI and the web container call this on every start.
"""

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
                parsed = bank_translation.parse_translation_yaml(
                    path.read_text(encoding="utf-8"),
                    source=str(path),
                    bank_for=translation_bank_lookup,
                    languages=languages,
                )
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
