"""Restore an archive made by `manage.py backup` into an empty installation.

    manage.py migrate && manage.py restore /backups/assessor-2026-11-30.tar.gz

The database must be migrated and empty (no users, organizations or
assessments): restoring never merges into live data. Report files go into
the storage configured now, the local folder or the bucket, whichever the
backup came from. Every file is checked against the sha256 in the manifest
before anything is written.
"""

import hashlib
import json
import tarfile
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Organization, User
from assessor.management.commands.backup import FORMAT
from assessor.models import Assessment
from reports.models import Report


class Command(BaseCommand):
    help = "Load a `manage.py backup` archive into an empty, migrated database and storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar.gz to read")

    def handle(self, *, archive: str, **options):
        if User.objects.exists() or Organization.objects.exists() or Assessment.objects.exists():
            raise CommandError(
                "The database is not empty. Restore into a new database: create it, "
                "run `manage.py migrate`, then `manage.py restore`."
            )
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.loads(_read(tar, "manifest.json"))
            if manifest.get("format") != FORMAT:
                raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
            # Check every file before writing anything.
            files = {}
            for name, sha256 in manifest["files"].items():
                data = _read(tar, f"files/{name}")
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise CommandError(f"{name} in the archive does not match its sha256.")
                files[name] = data
            with tempfile.TemporaryDirectory() as scratch:
                dump = Path(scratch) / "database.json"
                dump.write_bytes(_read(tar, "database.json"))
                with transaction.atomic():
                    call_command("loaddata", str(dump), verbosity=0)
        storage = Report.file.field.storage
        for name, data in files.items():
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(data))
        self.stdout.write(
            f"Restored {Assessment.objects.count()} assessments, "
            f"{Report.objects.count()} reports and {len(files)} report files."
        )
        for name in manifest.get("missing", []):
            self.stderr.write(f"was missing when the backup was made: {name}")


def _read(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.extractfile(name)
    except KeyError:
        raise CommandError(f"{name} is not in the archive: not a backup of this app?") from None
    return member.read()
