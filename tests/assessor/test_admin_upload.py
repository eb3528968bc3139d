from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from assessor import frameworks
from assessor.models import Framework

URL = reverse("admin:assessor_framework_add")


def admin_client(client, db):
    staff = User.objects.create_superuser("root@example.org", "pw")
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


def builtin_text() -> str:
    return Path(frameworks.builtin_framework_files()[0]).read_text()


def upload(c, name: str, text: str):
    return c.post(URL, {"yaml_file": SimpleUploadedFile(name, text.encode())}, follow=True)


def test_a_valid_custom_bank_is_stored(client, db):
    text = builtin_text().replace("key: devops-mlops-readiness", "key: acme-custom", 1)
    r = upload(admin_client(client, db), "acme.yaml", text)
    assert r.status_code == 200
    fw = Framework.objects.get(key="acme-custom")
    assert fw.builtin is False
    assert fw.version == 1


def test_an_invalid_bank_is_refused_with_the_validator_message(client, db):
    text = builtin_text().replace("min_level: 2", "min_level: 7", 1)
    r = upload(admin_client(client, db), "bad.yaml", text)
    assert "bad.yaml" in r.text
    assert "min_level" in r.text
    assert not Framework.objects.exists()


def test_non_utf8_is_refused(client, db):
    r = admin_client(client, db).post(
        URL, {"yaml_file": SimpleUploadedFile("x.yaml", b"\xff\xfe\x00bad")}, follow=True
    )
    assert "not UTF-8" in r.text
    assert not Framework.objects.exists()


def test_identical_upload_is_refused(client, db):
    c = admin_client(client, db)
    upload(c, "a.yaml", builtin_text())
    r = upload(c, "a.yaml", builtin_text())
    assert "already stored with identical content" in r.text
    assert Framework.objects.count() == 1
