"""The admin signs in through the site's own sign-in, so an account with
two-factor cannot reach the admin (or the site) with its password alone."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def _staff(user, two_factor: bool):
    user.is_staff = user.is_superuser = True
    user.save()
    if two_factor:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def test_a_password_at_the_admin_sign_in_skips_no_code(personas):
    _staff(personas.alice, two_factor=True)
    c = Client()
    c.post("/admin/login/?next=/admin/", {"username": "alice@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in c.session
    assert c.get("/admin/").status_code == 302
    assert c.get("/orgs/acme/").status_code == 302


def test_the_admin_sign_in_is_the_site_s_with_its_code_step(personas):
    _staff(personas.alice, two_factor=False)
    c = Client()
    r = c.get("/admin/login/?next=/admin/auth/")
    assert r.status_code == 302
    assert r["Location"].startswith("/login/?next=") and "/admin/auth/" in r["Location"]
    # Signed in on the site, a staff member reaches the admin.
    r = c.post("/login/?next=/admin/", {"username": "alice@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert c.get("/admin/").status_code == 200


def test_a_signed_in_member_without_staff_rights_gets_no_redirect_loop(personas, login):
    c = login(personas.bob)
    r = c.get("/admin/", follow=True)
    assert len(r.redirect_chain) <= 2
    assert r.status_code == 403
