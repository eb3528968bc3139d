"""Emails carry the brand: the practice's name as the sender and a signature
with the contact line and footer; an organization's invitations carry its
override (co-branding)."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from assessor.branding.models import Branding


def test_an_invitation_carries_the_organizations_brand(personas, login):
    Branding.objects.create(name="Northwind Advisory", contact_line="hello@northwind.example")
    Branding.objects.create(organization=personas.org_a, name="Northwind & Acme")
    login(personas.alice).post(
        reverse("accounts:members", args=["acme"]), {"email": "dora@example.com", "role": "viewer"}
    )
    (message,) = mail.outbox
    assert message.from_email == "Northwind & Acme <assessor@localhost>"
    assert "as Viewer in Northwind & Acme." in message.body
    assert message.body.endswith("-- \nNorthwind & Acme\nhello@northwind.example\nConfidential")


def test_a_password_reset_carries_the_installations_brand(personas):
    Branding.objects.create(
        name="Northwind Advisory",
        contact_line="hello@northwind.example",
        footer_text="Northwind <confidential>",
    )
    r = Client().post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert r.status_code == 302
    (message,) = mail.outbox
    assert message.from_email == "Northwind Advisory <assessor@localhost>"
    # Plain text: nothing HTML-escaped.
    assert message.body.rstrip().endswith(
        "-- \nNorthwind Advisory\nhello@northwind.example\nNorthwind <confidential>"
    )


def test_without_a_brand_emails_are_as_before(personas, settings):
    settings.SITE_NAME = "Acme Assessor"
    Client().post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    (message,) = mail.outbox
    assert message.from_email == "assessor@localhost"
    assert message.body.rstrip().endswith("-- \nAcme Assessor\nConfidential")


def test_a_sender_name_with_a_line_break_is_refused(staff, login):
    r = login(staff).post(
        reverse("branding:installation"), {"name": "Northwind\r\nBcc: everyone@example.com"}
    )
    assert "Use one line of plain text" in r.text
    assert not Branding.objects.exists()
