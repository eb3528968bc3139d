import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def test_login_with_email_any_case(personas, client):
    r = client.post(LOGIN, {"username": "Alice@Example.org", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == reverse("accounts:dashboard")


def test_wrong_password_is_refused(personas, client):
    r = client.post(LOGIN, {"username": "alice@example.org", "password": "nope"})
    assert r.status_code == 200
    assert "correct email and password" in r.text


def test_lockout_after_repeated_failures(personas, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "alice@example.org", "password": "guess"})
    # Even the right password is refused while locked out.
    r = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert "Too many failed sign-ins" in r.text
    # Other accounts are unaffected.
    r = client.post(LOGIN, {"username": "bob@example.org", "password": PASSWORD})
    assert r.status_code == 302


def test_logout_needs_post(personas, login):
    c = login(personas.alice)
    assert c.get(reverse("accounts:logout")).status_code == 405
    c.post(reverse("accounts:logout"))
    assert c.get(reverse("accounts:dashboard")).status_code == 302


def test_password_change(personas, login):
    c = login(personas.alice)
    r = c.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much better passphrase",
            "new_password2": "a much better passphrase",
        },
    )
    assert r.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.check_password("a much better passphrase")


def test_password_reset_by_console_email(personas, client):
    r = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    r = client.get(link, follow=True)
    r = client.post(
        r.redirect_chain[-1][0],
        {"new_password1": "another fine passphrase", "new_password2": "another fine passphrase"},
    )
    assert r.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.check_password("another fine passphrase")


def test_posts_need_a_csrf_token(personas):
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    r = c.post(
        reverse("accounts:organization_create"), {"name": "X", "industry": "other", "size": "1-49"}
    )
    assert r.status_code == 403


def test_pages_carry_the_csrf_header_for_htmx(personas, login):
    r = login(personas.alice).get(reverse("accounts:dashboard"))
    assert 'hx-headers=\'{"x-csrftoken": "' in r.text
    assert "/static/django-htmx/" in r.text or "htmx" in r.text
