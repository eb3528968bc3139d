from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, User
from tests.conftest import PASSWORD

MEMBERS = reverse("accounts:members", args=["acme"])


def invite(c, email="dora@example.com", role="facilitator"):
    return c.post(MEMBERS, {"email": email, "role": role})


def accept_url(inv):
    return reverse("accounts:accept_invitation", args=[inv.token])


def test_owner_invites_and_sees_the_link(personas, login):
    r = invite(login(personas.alice))
    assert r.status_code == 200
    inv = Invitation.objects.get(email="dora@example.com")
    assert inv.role == "facilitator"
    assert inv.invited_by == personas.alice
    # Workshops often have no mail: the link is on screen to copy ...
    assert accept_url(inv) in r.text
    # ... and it was also sent, which the page says, with a Copy button.
    assert len(mail.outbox) == 1
    assert accept_url(inv) in mail.outbox[0].body
    assert mail.outbox[0].to == ["dora@example.com"]
    assert "We emailed the link to dora@example.com" in r.text
    assert 'data-copy="new-invitation-link"' in r.text and "onclick" not in r.text


def test_without_a_mail_server_the_page_does_not_claim_an_email(personas, login, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    r = invite(login(personas.alice))
    assert "No email was sent" in r.text and "We emailed" not in r.text
    assert accept_url(Invitation.objects.get(email="dora@example.com")) in r.text


def test_emails_are_normalised(personas, login):
    invite(login(personas.alice), email="  Dora@Example.COM ")
    assert Invitation.objects.filter(email="dora@example.com").exists()


def test_inviting_a_member_is_refused(personas, login):
    r = invite(login(personas.alice), email="BOB@example.org")
    assert "already a member" in r.text
    assert not Invitation.objects.exists()


def test_a_new_invitation_replaces_the_pending_one(personas, login):
    c = login(personas.alice)
    invite(c)
    invite(c, role="viewer")
    pending = [i for i in Invitation.objects.all() if i.is_pending]
    assert len(pending) == 1
    assert pending[0].role == "viewer"


def test_only_owners_invite(personas, login):
    for user in (personas.bob, personas.carol):
        assert invite(login(user)).status_code == 403
    assert not Invitation.objects.exists()


def test_charlie_cannot_invite_into_acme(personas, login):
    assert invite(login(personas.charlie)).status_code == 404


def test_new_person_accepts_and_gets_an_account(personas, client, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    client.logout()
    r = client.get(accept_url(inv))
    assert "Create your account" in r.text
    r = client.post(
        accept_url(inv),
        {"full_name": "Dora New", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert r.status_code == 302
    dora = User.objects.get(email="dora@example.com")
    assert Membership.objects.get(user=dora, organization=personas.org_a).role == "facilitator"
    inv.refresh_from_db()
    assert inv.accepted_by == dora
    # Signed in straight away.
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_weak_password_is_refused(personas, client, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    client.logout()
    r = client.post(accept_url(inv), {"full_name": "Dora", "password1": "123", "password2": "123"})
    assert r.status_code == 200
    assert "too short" in r.text
    assert not User.objects.filter(email="dora@example.com").exists()


def test_existing_user_signs_in_then_accepts(personas, login):
    c = login(personas.alice)
    invite(c, email="charlie@example.net", role="viewer")
    inv = Invitation.objects.get()
    c.logout()
    r = c.get(accept_url(inv))
    assert "Sign in to accept" in r.text
    c = login(personas.charlie)
    r = c.post(accept_url(inv))
    assert r.status_code == 302
    assert (
        Membership.objects.get(user=personas.charlie, organization=personas.org_a).role == "viewer"
    )


def test_it_is_single_use(personas, client, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    client.logout()
    client.post(accept_url(inv), {"full_name": "D", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    r = client.get(accept_url(inv))
    assert r.status_code == 410
    assert "already been used" in r.text


def test_it_expires(personas, client, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    r = client.post(
        accept_url(inv), {"full_name": "D", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert r.status_code == 410
    assert "expired" in r.text
    assert not User.objects.filter(email="dora@example.com").exists()


def test_it_is_bound_to_the_invited_email(personas, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    c = login(personas.charlie)
    r = c.post(accept_url(inv))
    assert r.status_code == 403
    assert "was sent to dora@example.com" in r.text
    assert not Membership.objects.filter(
        user=personas.charlie, organization=personas.org_a
    ).exists()
    inv.refresh_from_db()
    assert inv.accepted_at is None


def test_withdrawn_invitation_cannot_be_used(personas, client, login):
    c = login(personas.alice)
    invite(c)
    inv = Invitation.objects.get()
    c.post(reverse("accounts:invitation_revoke", args=["acme", inv.code]))
    c.logout()
    r = client.get(accept_url(inv))
    assert r.status_code == 410
    assert "withdrawn" in r.text


def test_revoke_checks_permissions(personas, login):
    invite(login(personas.alice))
    inv = Invitation.objects.get()
    url = reverse("accounts:invitation_revoke", args=["acme", inv.code])
    assert login(personas.charlie).post(url).status_code == 404
    assert login(personas.bob).post(url).status_code == 403
    inv.refresh_from_db()
    assert inv.revoked_at is None


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("accounts:accept_invitation", args=["nope"])).status_code == 404
