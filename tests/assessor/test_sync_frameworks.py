import copy

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organization
from assessor import frameworks
from assessor.models import Assessment, Framework
from assessor.services import FrameworkConflict, framework_store


def builtin():
    return frameworks.load_framework_file(frameworks.builtin_framework_files()[0])


def run_sync() -> str:
    from io import StringIO

    out = StringIO()
    call_command("sync_frameworks", stdout=out)
    return out.getvalue()


def test_it_stores_the_builtin_bank(db):
    assert "devops-mlops-readiness v1: created" in run_sync()
    fw = Framework.objects.get(key="devops-mlops-readiness", version=1)
    assert fw.builtin
    assert fw.sha256 == builtin().sha256
    assert fw.parsed.key == "devops-mlops-readiness"
    assert len(fw.parsed.dimensions) >= 14


def test_it_is_idempotent(db):
    run_sync()
    assert "v1: unchanged" in run_sync()
    assert Framework.objects.count() == 1


def changed(parsed):
    document = copy.deepcopy(parsed.document)
    document["title"] = "DevOps & MLOps readiness (edited)"
    return frameworks.parse_framework(document, source="edited")


def test_an_unused_version_may_be_corrected(db):
    run_sync()
    stored, outcome = framework_store(parsed=changed(builtin()), builtin=True)
    assert outcome == "updated"
    assert stored.title.endswith("(edited)")


def test_a_used_version_is_frozen(db):
    run_sync()
    fw = Framework.objects.get()
    org = Organization.objects.create(name="X", slug="x")
    Assessment.objects.create(organization=org, framework=fw, title="Q1")
    with pytest.raises(FrameworkConflict, match="new version number"):
        framework_store(parsed=changed(builtin()), builtin=True)
    fw.refresh_from_db()
    assert fw.sha256 == builtin().sha256


def test_the_command_reports_a_conflict(db, monkeypatch):
    run_sync()
    fw = Framework.objects.get()
    org = Organization.objects.create(name="X", slug="x")
    Assessment.objects.create(organization=org, framework=fw, title="Q1")
    Framework.objects.filter(pk=fw.pk).update(sha256="0" * 64)
    with pytest.raises(CommandError, match="already used by assessments"):
        run_sync()


def test_the_command_reports_an_invalid_file(db, tmp_path, monkeypatch):
    bad = tmp_path / "broken.v1.yaml"
    bad.write_text("key: broken\nversion: 1\n")
    monkeypatch.setattr(frameworks, "builtin_framework_files", lambda: [bad])
    with pytest.raises(CommandError, match="broken.v1.yaml"):
        run_sync()
    assert not Framework.objects.exists()
