"""Two-factor sign-in: enrolment, the code step, recovery codes, lockout,
turning it off, and the signals the audit log listens to."""

from django.contrib.auth.signals import user_login_failed
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from tests.accounts.mfa_helpers import code_of, enrol, password_step
from tests.conftest import PASSWORD


def test_enrolment_shows_qr_and_secret_then_turns_on(personas, login, received):
    client = login(personas.alice)
    page = client.get("/account/two-factor/")
    body = page.content.decode()
    assert "<svg" in body and "<path" in body
    device = TOTPDevice.objects.get(user=personas.alice)
    assert not device.confirmed
    # The secret as text, grouped in fours, the same one the QR code holds.
    secret = page.context["secret"].replace(" ", "")
    assert secret in device.config_url
    assert page.context["secret"] in body
    # A reload keeps the secret an app may already have scanned.
    assert client.get("/account/two-factor/").context["secret"] == page.context["secret"]

    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "does not match" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0  # the library's delay after a wrong code
    device.save()
    device, codes = enrol(client)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    assert [name for name, _ in received] == ["mfa_enabled"]
    assert received[0][1]["user"] == personas.alice
    # Shown once: the next visit tells how many are left, not which.
    again = client.get("/account/two-factor/recovery-codes/")
    assert again.context["new_codes"] is None
    assert codes[0] not in again.content.decode()
    assert "10" in again.content.decode()


def test_sign_in_asks_for_the_code_after_the_password(personas, login, client):
    device, _ = enrol(login(personas.bob))
    client.logout()  # the same test client: a fresh, signed-out session

    response = password_step(client, "bob@example.org", "/orgs/acme/")
    assert response["Location"] == "/login/code/"
    # Not signed in yet: the password alone opens nothing.
    assert client.get("/orgs/acme/").status_code == 302
    assert "_auth_user_id" not in client.session

    page = client.get("/login/code/")
    assert page.status_code == 200
    response = client.post("/login/code/", {"code": code_of(device, 1)})
    assert response["Location"] == "/orgs/acme/"
    assert client.get("/orgs/acme/").status_code == 200
    assert mfa.session_verified(client.get("/").wsgi_request)


def test_a_used_app_code_does_not_work_twice(personas, login, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _ = enrol(login(personas.bob))
    client.logout()
    code = code_of(device, 1)
    password_step(client, "bob@example.org")
    assert client.post("/login/code/", {"code": code}).status_code == 302
    client.logout()
    password_step(client, "bob@example.org")
    response = client.post("/login/code/", {"code": code})
    assert response.status_code == 200
    assert "not right" in response.content.decode()


def test_a_recovery_code_works_once(personas, login, client, settings, received):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _, codes = enrol(login(personas.bob))
    client.logout()

    password_step(client, "bob@example.org")
    # Typed without the dash and in capitals: still the code.
    response = client.post("/login/code/", {"code": codes[3].replace("-", "").upper()})
    assert response.status_code == 302
    assert mfa.recovery_codes_left(personas.bob) == 9
    assert StaticToken.objects.filter(token=codes[3].replace("-", "")).count() == 0
    client.logout()

    password_step(client, "bob@example.org")
    response = client.post("/login/code/", {"code": codes[3]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert [n for n, _ in received if n == "mfa_code_failed"] == ["mfa_code_failed"]


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(personas, login, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device, _ = enrol(login(personas.bob))
    client.logout()
    failures = []

    def on_failure(sender, credentials, **kwargs):
        failures.append(credentials)

    user_login_failed.connect(on_failure)

    password_step(client, "bob@example.org")
    for _ in range(2):
        assert client.post("/login/code/", {"code": "123456"}).status_code == 200
    locked = client.post("/login/code/", {"code": "654321"})
    assert locked.status_code == 429
    assert failures[-1] == {"username": "bob@example.org"}
    # The right code no longer helps, and neither does the right password.
    assert client.post("/login/code/", {"code": code_of(device, 1)}).status_code in (302, 429)
    assert "_auth_user_id" not in client.session
    again = password_step(client, "bob@example.org")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    user_login_failed.disconnect(on_failure)


def test_the_code_step_expires(personas, login, client, settings):
    device, _ = enrol(login(personas.bob))
    client.logout()
    password_step(client, "bob@example.org")
    session = client.session
    session[mfa.PENDING]["at"] -= settings.MFA_CODE_STEP_SECONDS + 1
    session.save()
    response = client.post("/login/code/", {"code": code_of(device, 1)})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_code_step_without_a_password_first_is_sent_to_sign_in(client, db):
    assert client.get("/login/code/")["Location"] == "/login/"
    assert client.post("/login/code/", {"code": "123456"})["Location"] == "/login/"


def test_new_recovery_codes_need_the_password(personas, login, received):
    client = login(personas.bob)
    _, old = enrol(client)
    wrong = client.post("/account/two-factor/recovery-codes/", {"password": "nope"})
    assert wrong.status_code == 200
    assert "not your password" in wrong.content.decode()
    response = client.post("/account/two-factor/recovery-codes/", {"password": PASSWORD})
    assert response.status_code == 302
    new = client.get("/account/two-factor/recovery-codes/").context["new_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert mfa.recovery_codes_left(personas.bob) == 10
    assert not StaticToken.objects.filter(token=old[0].replace("-", "")).exists()
    assert [n for n, _ in received] == ["mfa_enabled", "recovery_codes_regenerated"]


def test_turning_off_needs_the_password(personas, login, received):
    client = login(personas.bob)
    enrol(client)
    assert client.post("/account/two-factor/disable/", {"password": "nope"}).status_code == 200
    assert mfa.has_two_factor(personas.bob)
    response = client.post("/account/two-factor/disable/", {"password": PASSWORD})
    assert response["Location"] == "/account/two-factor/"
    assert not mfa.has_two_factor(personas.bob)
    assert mfa.recovery_codes_left(personas.bob) == 0
    assert [n for n, _ in received] == ["mfa_enabled", "mfa_disabled"]
