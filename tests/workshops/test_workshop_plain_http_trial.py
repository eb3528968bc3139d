"""The README's plain-HTTP trial (docker compose, nothing in front) must not
leave the app trusting X-Forwarded-For: with TRUSTED_PROXY_COUNT=1 and no
proxy, each request's made-up header is its "address", so the workshop join
limit (and the sign-in lockout) never holds."""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from assessor.workshops import services

README = Path(__file__).resolve().parents[2] / "README.md"


def trial_settings() -> dict[str, str]:
    """The variables the README's plain-HTTP trial puts in .env."""
    text = README.read_text()
    block = re.search(r"plain-HTTP trial.*?```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no plain-HTTP trial block"
    return dict(line.split("=", 1) for line in block.group(1).split() if "=" in line)


def guesses_answered(workshop, n: int) -> int:
    wrong = "ABCDEF" if workshop.join_code != "ABCDEF" else "ABCDEG"
    answered = 0
    for i in range(n):
        r = Client().post(
            reverse("workshops:join"),
            {"code": wrong, "name": "x"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",  # spoofed: no proxy wrote it
        )
        answered += "No open workshop has this code" in r.text
    return answered


def test_the_trial_sets_no_trusted_proxy_and_explains_why():
    env = trial_settings()
    assert env["TRUSTED_PROXY_COUNT"] == "0"
    assert env["SECURE_PROXY_SSL"] == "0"
    assert env["SECURE_SSL_REDIRECT"] == "0"
    assert "X-Forwarded-For" in README.read_text().split("plain-HTTP trial", 1)[1][:2000]


def test_with_the_trial_settings_a_spoofed_header_does_not_pass_the_join_limit(
    workshop, settings, monkeypatch
):
    settings.TRUSTED_PROXY_COUNT = int(trial_settings()["TRUSTED_PROXY_COUNT"])
    monkeypatch.setattr(services, "JOIN_FAILURE_LIMIT", 3)
    assert guesses_answered(workshop, 10) == 3


def test_why_a_trusted_proxy_count_without_a_proxy_is_dangerous(workshop, settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(services, "JOIN_FAILURE_LIMIT", 3)
    assert guesses_answered(workshop, 10) == 10
