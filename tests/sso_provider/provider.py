"""Start the test OpenID Connect provider (tests/sso_provider/) on a free
loopback port, as a process of its own, and stop it."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.storage import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "assessor-test"
CLIENT_SECRET = "assessor-test-secret-0123456789"  # noqa: S105
PASSWORD = "provider password 42"  # noqa: S105

# Who the provider knows. corp.test is the allowed domain in the tests.
USERS = [
    {"email": "nina.new@corp.test", "name": "Nina New", "verified": True},
    {"email": "alice@example.org", "name": "Alice Owner", "verified": True},
    {"email": "mallory@elsewhere.test", "name": "Mallory Outside", "verified": True},
    {"email": "uma.unverified@corp.test", "name": "Uma Unverified", "verified": False},
]


@dataclass
class Provider:
    issuer: str
    proc: subprocess.Popen
    log: Path

    @classmethod
    def start(cls, folder: Path, redirect_uri: str) -> "Provider":
        port = free_port()
        issuer = f"http://127.0.0.1:{port}/o"
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        env = {
            **os.environ,
            "PROVIDER_DB": str(folder / "provider.sqlite3"),
            "PROVIDER_RSA_KEY": pem,
            "PROVIDER_ISSUER": issuer,
            "PROVIDER_CLIENT": json.dumps(
                {"client_id": CLIENT_ID, "secret": CLIENT_SECRET, "redirect_uri": redirect_uri}
            ),
            "PROVIDER_USERS": json.dumps([{**u, "password": PASSWORD} for u in USERS]),
        }
        env.pop("DATABASE_URL", None)
        log = folder / "provider.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.sso_provider.serve", str(port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        provider = cls(issuer, proc, log)
        provider._wait_ready()
        return provider

    def _wait_ready(self) -> None:
        url = f"{self.issuer}/.well-known/openid-configuration"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the test provider exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the test provider did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
