"""Password reset requests are limited per email address and per client
address, so the form cannot flood a mailbox or probe the server's mailer."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordResetRequest

RESET = reverse("accounts:password_reset")


def ask(email: str, address: str = "203.0.113.9"):
    return Client(REMOTE_ADDR=address).post(RESET, {"email": email})


def test_requests_for_one_account_are_limited(personas, settings):
    limit = settings.PASSWORD_RESET_EMAIL_LIMIT
    # From several client addresses and in several spellings: one account.
    for n in range(limit):
        assert (
            ask(
                " Alice@example.org" if n % 2 else "alice@example.org", f"198.51.100.{n}"
            ).status_code
            == 302
        )
    r = ask("ALICE@example.org", "198.51.100.99")
    assert r.status_code == 429
    assert "Too many reset requests" in r.text
    assert len(mail.outbox) == limit
    # Bob's reset is unaffected.
    assert ask("bob@example.org", "198.51.100.98").status_code == 302
    assert len(mail.outbox) == limit + 1


def test_an_unknown_address_is_limited_the_same_way(db, settings):
    # The answer must not tell an existing account from an unknown address.
    for _ in range(settings.PASSWORD_RESET_EMAIL_LIMIT):
        assert ask("nobody@example.org").status_code == 302
    assert ask("nobody@example.org", "198.51.100.5").status_code == 429
    assert not mail.outbox


def test_requests_from_one_client_address_are_limited(personas, settings):
    limit = settings.PASSWORD_RESET_ADDRESS_LIMIT
    for n in range(limit):
        assert ask(f"someone{n}@example.org").status_code == 302
    assert ask("alice@example.org").status_code == 429
    assert not mail.outbox
    assert ask("alice@example.org", "198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1


def test_old_requests_no_longer_count(personas, settings):
    long_ago = timezone.now() - timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES + 1)
    PasswordResetRequest.objects.bulk_create(
        PasswordResetRequest(email="alice@example.org", address="203.0.113.9", at=long_ago)
        for _ in range(settings.PASSWORD_RESET_ADDRESS_LIMIT)
    )
    assert ask("alice@example.org").status_code == 302
    assert len(mail.outbox) == 1
