"""One account, however its address is typed: the lockout, sign-in, password
reset, invitations and new accounts all see the same normalized email."""

from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, User
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")

VARIANTS = [
    "lock@a.test",
    "LOCK@a.test",
    "Lock@A.Test",
    " lock@a.test",
    "lock@a.test ",
    "\tLOCK@A.TEST\t",
    "lOcK@a.TeSt",
    "  Lock@a.test  ",
    "LOCK@A.test",
    "lock@A.TEST",
]


def test_lockout_counts_the_account_across_spellings(db, client, settings):
    User.objects.create_user("lock@a.test", PASSWORD)
    # 40 guesses spread over 10 spellings: 4 each, under the limit of 5 per
    # spelling, but 40 for the one account.
    for n in range(40):
        client.post(LOGIN, {"username": VARIANTS[n % 10], "password": f"guess {n}"})
    for spelling in VARIANTS:
        r = client.post(LOGIN, {"username": spelling, "password": PASSWORD})
        assert r.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_right_password_in_another_case_does_not_pass_a_lockout(db, client, settings):
    User.objects.create_user("lock@a.test", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "lock@a.test", "password": "guess"})
    r = client.post(LOGIN, {"username": "LOCK@a.test", "password": PASSWORD})
    assert r.status_code == 429
    r = client.post(LOGIN, {"username": " Lock@A.TEST ", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


def test_any_spelling_signs_in_when_not_locked(db, client):
    User.objects.create_user("lock@a.test", PASSWORD)
    r = client.post(LOGIN, {"username": "  LOCK@A.test ", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == reverse("accounts:dashboard")


def test_password_reset_finds_the_account_in_any_spelling(personas, client):
    r = client.post(reverse("accounts:password_reset"), {"email": "  ALICE@Example.ORG "})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]


def test_new_accounts_are_stored_normalized(db):
    user = User.objects.create_user("  Dora@Example.COM ", PASSWORD)
    assert user.email == "dora@example.com"


def test_invitation_link_for_an_existing_account_in_another_spelling(personas, client):
    invitation = Invitation.objects.create(
        organization=personas.org_b, email="alice@example.org", role="viewer"
    )
    assert invitation.email == "alice@example.org"
    r = client.get(reverse("accounts:accept_invitation", args=[invitation.token]))
    # Alice exists: she is asked to sign in, not offered a second account.
    assert r.context["needs_login"]
