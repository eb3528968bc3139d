import copy
import hashlib

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organization
from assessor import frameworks
from assessor.models import Assessment, Framework
from assessor.services import FrameworkConflict, framework_store

# Version 1 must never change, byte for byte: assessments made with it are
# scored from the stored document, and a changed file would either be refused by
# the sync (used version) or silently rescore history (unused one).
V1_FILE_SHA256 = "bfb9903187bd5ad71525b34ef11b88b3aabb92a86193201f31e82da07e3e6d62"
V1_DOCUMENT_SHA256 = "b59cf0f89f907ddd4b0cd6dd7e8b0f3caba6407d0d1306b7224ae05567465c0c"


def builtin(version=1):
    [path] = [
        p for p in frameworks.builtin_framework_files() if p.name.endswith(f".v{version}.yaml")
    ]
    return frameworks.load_framework_file(path)


def run_sync() -> str:
    from io import StringIO

    out = StringIO()
    call_command("sync_frameworks", stdout=out)
    return out.getvalue()


def test_it_stores_both_builtin_versions(db):
    out = run_sync()
    assert "devops-mlops-readiness v1: created" in out
    assert "devops-mlops-readiness v2: created" in out
    for version in (1, 2):
        fw = Framework.objects.get(key="devops-mlops-readiness", version=version)
        assert fw.builtin
        assert fw.sha256 == builtin(version).sha256
        assert fw.parsed.key == "devops-mlops-readiness"
        assert len(fw.parsed.dimensions) >= 14
    assert Framework.objects.get(version=2).parsed.roles is not None


def test_version_1_is_byte_identical_to_the_one_assessments_were_made_with():
    [path] = [p for p in frameworks.builtin_framework_files() if p.name.endswith(".v1.yaml")]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == V1_FILE_SHA256
    assert builtin(1).sha256 == V1_DOCUMENT_SHA256


def test_it_is_idempotent(db):
    run_sync()
    out = run_sync()
    assert "v1: unchanged" in out and "v2: unchanged" in out
    assert Framework.objects.count() == 2


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
    fw = Framework.objects.get(version=1)
    org = Organization.objects.create(name="X", slug="x")
    Assessment.objects.create(organization=org, framework=fw, title="Q1")
    with pytest.raises(FrameworkConflict, match="new version number"):
        framework_store(parsed=changed(builtin()), builtin=True)
    fw.refresh_from_db()
    assert fw.sha256 == builtin().sha256


def test_the_command_reports_a_conflict(db, monkeypatch):
    run_sync()
    fw = Framework.objects.get(version=1)
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
