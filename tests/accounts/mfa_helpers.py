"""Helpers of the two-factor tests: the app's code, enrolment through the
pages, the password step."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app would show `steps_ahead` periods from now (the app
    accepts one period of clock drift; a code once used does not work again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Set up the app through the pages, as a person does."""
    page = client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    response = client.post("/account/two-factor/", {"code": code_of(device)})
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/recovery-codes/"
    shown = client.get(response["Location"])
    codes = shown.context["new_codes"]
    device.refresh_from_db()
    return device, codes


def password_step(client: Client, email: str, next_url: str = ""):
    data = {"username": email, "password": PASSWORD}
    url = "/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)
