"""manage.py backup / restore: everything back into an empty database, the
report files included, on either storage."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from accounts.models import Membership, User
from assessor import services as assessor_services
from assessor.models import Answer, Assessment
from reports import rendering
from reports import services as report_services
from reports.models import Report
from tests.conftest import PASSWORD
from tests.reports.conftest import answer_everything

STORED = b"%PDF-1.7\n% an older version\n%%EOF\n"


def snapshot_of_everything() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", flat=True)),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "organization__slug", "role")
        ),
        "assessments": sorted(Assessment.objects.values_list("code", "title", "status")),
        "answers": sorted(
            Answer.objects.values_list("assessment__code", "question_key", "level", "note")
        ),
        "reports": sorted(Report.objects.values_list("code", "number", "status", "sha256")),
    }


def test_a_backup_restores_into_an_empty_database(
    transactional_db, personas, framework, backend, tmp_path
):
    storage = Report.file.field.storage
    for org, user, title in [
        (personas.org_a, personas.alice, "Acme 2026"),
        (personas.org_b, personas.charlie, "Bolt 2026"),
    ]:
        assessment = assessor_services.assessment_start(
            organization=org, framework=framework, title=title, scope="both", targets={}, user=user
        )
        answer_everything(assessment, user)
        rendered = report_services.report_request(assessment=assessment, user=user)
        rendering.report_render(report_id=rendered.id)
    older = report_services.report_request(assessment=assessment, user=personas.charlie)
    storage.save(older.storage_name, ContentFile(STORED))
    Report.objects.filter(pk=older.pk).update(
        status=Report.Status.READY,
        file=older.storage_name,
        sha256=hashlib.sha256(STORED).hexdigest(),
        size=len(STORED),
    )
    before = snapshot_of_everything()
    files = {name: backend.read(name) for name in backend.names()}
    assert len(files) == 3 and len(before["reports"]) == 3
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))

    # A new installation: an empty, migrated database and an empty storage.
    call_command("flush", interactive=False, verbosity=0)
    for name in files:
        storage.delete(name)
    assert not Assessment.objects.exists() and not User.objects.exists()
    assert backend.names() == []

    call_command("restore", str(archive))

    assert snapshot_of_everything() == before
    assert {name: backend.read(name) for name in backend.names()} == files
    for report in Report.objects.exclude(file=""):
        assert hashlib.sha256(report.file.read()).hexdigest() == report.sha256
    assert User.objects.get(email="alice@example.org").check_password(PASSWORD)
    assert len(Assessment.objects.get(title="Acme 2026").results().scorecard.dimensions) > 0


def test_restore_refuses_a_database_in_use(personas, tmp_path):
    call_command("backup", str(tmp_path / "backup.tar.gz"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup.tar.gz"))


def test_backup_never_overwrites_an_archive(db, tmp_path):
    (tmp_path / "backup.tar.gz").write_bytes(b"older backup")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(tmp_path / "backup.tar.gz"))
