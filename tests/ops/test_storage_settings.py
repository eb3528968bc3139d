"""STORAGES from the environment: the local folder by default, the bucket
when S3_BUCKET is set, credentials also from *_FILE (docker secrets)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.STORAGES, default=str))"
)


def storages_with(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    out = subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "assessor.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_the_local_folder_is_the_default():
    storages = storages_with()
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "bucket" not in storages


def test_a_bucket_with_credentials_from_files(tmp_path):
    (tmp_path / "key").write_text("AKIA-from-file\n")
    (tmp_path / "secret").write_text("secret-from-file\n")

    storages = storages_with(
        S3_BUCKET="assessor-reports",
        S3_ENDPOINT_URL="http://minio:9000",
        S3_REGION="eu-central-1",
        S3_ACCESS_KEY_ID_FILE=str(tmp_path / "key"),
        S3_SECRET_ACCESS_KEY_FILE=str(tmp_path / "secret"),
    )

    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["bucket"] == default
    assert storages["filesystem"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "assessor-reports"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["region_name"] == "eu-central-1"
    assert options["access_key"] == "AKIA-from-file"
    assert options["secret_key"] == "secret-from-file"
    assert options["addressing_style"] == "path"  # MinIO wants bucket-in-path URLs
    assert options["default_acl"] is None  # private objects
