"""Production settings pass Django's deployment checklist without warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3#9vQ!zr8Lw2pXe7Hn4Ts6Yb1Mc5Ud0Gf7Jq2Rk9Va3Wx8Zs-n5Ep1Bo4Ii6",
    "ALLOWED_HOSTS": "assess.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests' async override must not leak into the deploy check.
    leaky = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in leaky}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_key():
    env = dict(PRODUCTION)
    env.pop("SECRET_KEY")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off." in result.stderr


def test_check_deploy_rejects_the_development_key():
    env = dict(PRODUCTION, DEBUG="1")
    env.pop("SECRET_KEY")
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "key"
    secret.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = dict(PRODUCTION, SECRET_KEY="", SECRET_KEY_FILE=str(secret))
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
