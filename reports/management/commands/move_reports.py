"""Move report files between the local folder and the bucket, checking each.

    manage.py move_reports --to bucket       # MEDIA_ROOT -> S3_BUCKET
    manage.py move_reports --to filesystem   # and back

Both storages must be configured (S3_* variables and MEDIA_ROOT). Every file
is read back from the destination and its sha256 compared with the one the
report recorded when it was rendered; only then is the source copy deleted
(never with --keep). A file that does not match is left where it was and the
command exits with an error. Running it again skips what has already moved.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages
from django.core.management.base import BaseCommand, CommandError

from reports.models import Report

TARGETS = ("bucket", "filesystem")


class Command(BaseCommand):
    help = "Move report files between the local folder and the S3 bucket, checking sha256."

    def add_arguments(self, parser):
        parser.add_argument("--to", choices=TARGETS, required=True, help="destination storage")
        parser.add_argument(
            "--keep", action="store_true", help="copy only: leave the source files in place"
        )

    def handle(self, *, to: str, keep: bool, **options):
        source_alias = "filesystem" if to == "bucket" else "bucket"
        try:
            source, destination = storages[source_alias], storages[to]
        except InvalidStorageError as exc:
            raise CommandError(
                "Both storages must be configured: set S3_BUCKET (and S3_ENDPOINT_URL, "
                "S3_REGION, credentials) as well as MEDIA_ROOT."
            ) from exc
        moved = skipped = 0
        problems = []
        for report in Report.objects.exclude(file="").defer("snapshot").iterator():
            name = report.file.name
            if not source.exists(name):
                if destination.exists(name) and _sha256(destination, name) == report.sha256:
                    skipped += 1
                else:
                    problems.append(f"{name}: in neither storage")
                continue
            data = source.open(name, "rb").read()
            if report.sha256 and hashlib.sha256(data).hexdigest() != report.sha256:
                problems.append(f"{name}: the source copy does not match its sha256; left alone")
                continue
            if destination.exists(name):
                destination.delete(name)
            saved = destination.save(name, ContentFile(data))
            if saved != name or _sha256(destination, name) != hashlib.sha256(data).hexdigest():
                problems.append(f"{name}: the copy in {to} does not read back the same")
                continue
            if not keep:
                source.delete(name)
            moved += 1
        self.stdout.write(
            f"{moved} report files {'copied' if keep else 'moved'} to {to}, "
            f"{skipped} already there."
        )
        if problems:
            raise CommandError("Some files were not moved:\n" + "\n".join(problems))


def _sha256(storage, name: str) -> str:
    with storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()
