"""Emails speak the recipient's language: their own choice, else the
installation's, whatever the language of the page that sent them."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from assessor.plans import reminders

MONDAY = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))


def test_a_german_users_reset_email_is_german(personas, client):
    personas.bob.language = "de"
    personas.bob.save()
    # Asked for from a French browser: the email follows the account.
    client.post(
        reverse("accounts:password_reset"),
        {"email": personas.bob.email},
        headers={"accept-language": "fr"},
    )
    [message] = mail.outbox
    assert message.subject == "Passwort zurücksetzen"
    assert "Jemand hat das Zurücksetzen des Passworts für das Konto bob@example.org" in message.body
    assert "Wählen Sie hier ein neues Passwort:" in message.body
    assert "Someone asked" not in message.body


def test_without_a_choice_the_reset_email_is_in_the_installations_language(personas, client):
    client.post(
        reverse("accounts:password_reset"),
        {"email": personas.carol.email},
        headers={"accept-language": "de"},
    )
    [message] = mail.outbox
    assert message.subject == "Reset your password"
    assert "Someone asked to reset the password of the account carol@example.org." in message.body


def test_a_german_users_digest_is_german_and_a_french_users_french(personas, framework):
    for user, language in ((personas.alice, "de"), (personas.bob, "fr")):
        user.language = language
        user.save()
    # Both facilitate Acme, whose review is due: each gets a digest.
    Membership.objects.filter(user=personas.bob).update(role=Membership.Role.FACILITATOR)
    personas.org_a.next_review = MONDAY.date() - datetime.timedelta(days=1)
    personas.org_a.save()

    assert reminders.digests_send(now=MONDAY) == 2

    by_person = {m.to[0]: m for m in mail.outbox}
    german, french = by_person[personas.alice.email], by_person[personas.bob.email]
    # The date and the digest's own sentences (templates/plans/digest_email.*)
    # in each recipient's language.
    assert "30. November 2026" in german.body and "Ihre Woche" in german.body
    assert "30 novembre 2026" in french.body
    for body in (german.body, french.body):
        assert "Your week" not in body and "Nov. 30" not in body


def test_an_invitation_to_a_french_account_is_french(personas, login, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas.charlie.language = "fr"
    personas.charlie.save()
    login(personas.alice).post(
        reverse("accounts:members", args=["acme"]),
        {"email": personas.charlie.email, "role": "viewer"},
    )
    [message] = mail.outbox
    assert message.subject == "Alice Owner vous invite à rejoindre Acme Payments"
    assert "avec le rôle Lecteur" in message.body
    assert "Le lien ne fonctionne qu'une fois et expire le" in message.body
