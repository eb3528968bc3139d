"""Report storage in tests: the local folder or a bucket on a real S3 server.

The S3 server is moto's standalone server (`moto_server`, a real HTTP server
speaking the S3 protocol), started on a free loopback port once per test
session; boto3 and django-storages talk to it over HTTP exactly as they talk
to MinIO or AWS. Every test gets a bucket of its own.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config

from assessor.settings import FILESYSTEM_STORAGE, s3_storage

# Installed beside pytest by moto[server] (a dev dependency).
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
KEY_ID = "test-key"
SECRET = "test-secret"  # noqa: S105
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class S3Server:
    proc: subprocess.Popen
    endpoint: str

    @classmethod
    def start(cls, log: Path) -> S3Server:
        port = free_port()
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = cls(proc, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(server.endpoint + "/moto-api/", timeout=1)  # noqa: S310
                return server
            except OSError:
                time.sleep(0.1)
        server.stop()
        raise RuntimeError("moto_server did not start:\n" + log.read_text()[-2000:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
            config=Config(s3={"addressing_style": "path"}),
        )

    def new_bucket(self) -> str:
        name = f"reports-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name


@dataclass
class Backend:
    """One report storage as a test sees it, read independently of the app's code."""

    kind: str  # "filesystem" or "s3"
    media: Path
    s3: S3Server | None = None
    bucket: str = ""

    @property
    def is_s3(self) -> bool:
        return self.kind == "s3"

    def storage_setting(self) -> dict:
        if not self.is_s3:
            return FILESYSTEM_STORAGE
        return s3_storage(
            bucket=self.bucket,
            endpoint_url=self.s3.endpoint,
            region=REGION,
            access_key=KEY_ID,
            secret_key=SECRET,
        )

    def storages(self, staticfiles: dict) -> dict:
        """A STORAGES setting with this backend as the default."""
        storages = {
            "default": self.storage_setting(),
            "filesystem": FILESYSTEM_STORAGE,
            "staticfiles": staticfiles,
        }
        if self.is_s3:
            storages["bucket"] = self.storage_setting()
        return storages

    def env(self) -> dict[str, str]:
        """Environment variables that select this backend in another process."""
        env = {"MEDIA_ROOT": str(self.media)}
        if self.is_s3:
            env.update(
                S3_BUCKET=self.bucket,
                S3_ENDPOINT_URL=self.s3.endpoint,
                S3_REGION=REGION,
                S3_ACCESS_KEY_ID=KEY_ID,
                S3_SECRET_ACCESS_KEY=SECRET,
            )
        return env

    def names(self, prefix: str = "reports/") -> list[str]:
        """Every stored file name under `prefix`, sorted."""
        if self.is_s3:
            pages = self.s3.client().get_paginator("list_objects_v2")
            return sorted(
                item["Key"]
                for page in pages.paginate(Bucket=self.bucket, Prefix=prefix)
                for item in page.get("Contents", [])
            )
        folder = self.media / prefix
        return sorted(
            p.relative_to(self.media).as_posix() for p in folder.rglob("*") if p.is_file()
        )

    def read(self, name: str) -> bytes:
        if self.is_s3:
            return self.s3.client().get_object(Bucket=self.bucket, Key=name)["Body"].read()
        return (self.media / name).read_bytes()
