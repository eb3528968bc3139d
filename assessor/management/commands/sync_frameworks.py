"""Load the built-in question banks into the database (idempotent).

`make run`, CI and the web container call this on every start.
"""

from django.core.management.base import BaseCommand, CommandError

from assessor import frameworks
from assessor.services import FrameworkConflict, framework_store


class Command(BaseCommand):
    help = "Validate the built-in framework YAML files and store new or corrected versions."

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
        if problems:
            raise CommandError("\n".join(problems))
