"""manage.py move_reports: report files from the local folder to a bucket on a
real S3 server and back, each checked by sha256."""

import hashlib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from reports import services
from reports.models import Report
from tests.storage import Backend


@pytest.fixture
def both(settings, tmp_path, s3_server) -> tuple[Backend, Backend]:
    """The local folder is the default; the bucket is configured beside it."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    local = Backend("filesystem", media)
    bucket = Backend("s3", media, s3_server, s3_server.new_bucket())
    settings.STORAGES = {
        **local.storages(settings.STORAGES["staticfiles"]),
        "bucket": bucket.storage_setting(),
    }
    return local, bucket


def ready(report: Report, data: bytes) -> Report:
    storages["filesystem"].save(report.storage_name, ContentFile(data))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.storage_name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return report


def move(to: str) -> str:
    out = StringIO()
    call_command("move_reports", "--to", to, stdout=out)
    return out.getvalue()


def test_reports_move_to_the_bucket_and_back(assessment, personas, both):
    local, bucket = both
    files = {}
    for n in range(3):
        report = services.report_request(assessment=assessment, user=personas.alice)
        files[report.storage_name] = f"%PDF-1.7 report {n}".encode()
        ready(report, files[report.storage_name])

    assert move("bucket").startswith("3 report files moved to bucket")

    assert local.names() == []
    assert {name: bucket.read(name) for name in bucket.names()} == files
    assert move("bucket").startswith("0 report files moved to bucket, 3 already there")

    assert move("filesystem").startswith("3 report files moved to filesystem")

    assert bucket.names() == []
    assert {name: local.read(name) for name in local.names()} == files


def test_a_file_that_does_not_match_its_sha256_stays_where_it_is(assessment, personas, both):
    local, bucket = both
    good = ready(services.report_request(assessment=assessment, user=personas.alice), b"good")
    bad = ready(services.report_request(assessment=assessment, user=personas.alice), b"bad")
    Report.objects.filter(pk=bad.pk).update(sha256="0" * 64)

    with pytest.raises(CommandError, match="does not match its sha256"):
        move("bucket")

    assert local.names() == [bad.storage_name]
    assert bucket.names() == [good.storage_name]


def test_it_needs_the_bucket_configured(settings):
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "bucket"}
    with pytest.raises(CommandError, match="set S3_BUCKET"):
        move("bucket")
