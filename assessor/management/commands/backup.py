"""Back up the whole installation into one archive: the database, the report files and logos.

    manage.py backup /backups/assessor-2026-11-30.tar.gz

The archive holds `database.json` (every table, read in one consistent
snapshot, except sessions, login lockouts and Django's own content-type and
permission rows, which `migrate` recreates), `files/<name>` for every report
file and brand logo, read from whichever storage is configured (the local folder or the
bucket), and `manifest.json` with each file's sha256. `manage.py restore`
puts it back, into either storage. README.md, "Backups", says how.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessor.branding.models import Branding
from reports.models import Report

# Recreated by `migrate`, or not worth restoring (sessions, lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
FORMAT = 1


class Command(BaseCommand):
    help = "Write the database and every report file into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar.gz to write")

    def handle(self, *, archive: str, **options):
        target = Path(archive)
        if target.exists():
            raise CommandError(f"{target} exists; choose a new name.")
        # (Inside an outer transaction, such as a test's, its snapshot applies.)
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with tempfile.TemporaryDirectory() as scratch, transaction.atomic():
            if snapshot:
                # Every table as of one moment, even while the app writes.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            dump = Path(scratch) / "database.json"
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
            reports = list(Report.objects.exclude(file="").only("file", "sha256"))
            files, missing = {}, []
            with tarfile.open(target, "w:gz") as tar:
                tar.add(dump, arcname="database.json")
                for report in reports:
                    name = report.file.name
                    try:
                        with report.file.storage.open(name, "rb") as handle:
                            data = handle.read()
                    except FileNotFoundError:
                        missing.append(name)
                        continue
                    files[name] = hashlib.sha256(data).hexdigest()
                    _add(tar, f"files/{name}", data)
                # Brand logos: the brands' own, and those report snapshots name.
                for name in sorted(_logo_names()):
                    try:
                        with Branding.logo_png.field.storage.open(name, "rb") as handle:
                            data = handle.read()
                    except FileNotFoundError:
                        missing.append(name)
                        continue
                    files[name] = hashlib.sha256(data).hexdigest()
                    _add(tar, f"files/{name}", data)
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "files": files,
                    "missing": missing,
                }
                _add(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
        self.stdout.write(f"{target}: the database and {len(files)} report files.")
        for name in missing:
            self.stderr.write(f"not in storage, so not in the backup: {name}")


def _logo_names() -> set[str]:
    names = {n for row in Branding.objects.values_list("logo_png", "logo_svg") for n in row}
    for logo in Report.objects.values_list("snapshot__brand__logo", flat=True):
        if isinstance(logo, dict):
            names.update(n for n in (logo.get("png"), logo.get("svg")) if n)
    names.discard("")
    return names


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))
