import re

from django.urls import reverse


def test_it_changes_your_display_name(personas, login):
    c = login(personas.bob)
    assert 'value="Bob Participant"' in c.get(reverse("accounts:profile")).text
    r = c.post(reverse("accounts:profile"), {"full_name": "Robert P."})
    assert r.status_code == 302
    personas.bob.refresh_from_db()
    assert personas.bob.display_name == "Robert P."
    assert "Robert P." in c.get(reverse("accounts:dashboard")).text


def test_an_empty_name_shows_the_email(personas, login):
    login(personas.bob).post(reverse("accounts:profile"), {"full_name": ""})
    personas.bob.refresh_from_db()
    assert personas.bob.display_name == "bob@example.org"


def test_anonymous_is_redirected(client):
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_it_turns_the_weekly_reminder_email_off_and_on(personas, login):
    c = login(personas.bob)
    page = c.get(reverse("accounts:profile")).text
    assert "Send me the weekly reminder email" in page
    assert re.search(r'<input type="checkbox" name="email_digests"[^>]* checked', page)

    c.post(reverse("accounts:profile"), {"full_name": "Bob Participant"})
    personas.bob.refresh_from_db()
    assert personas.bob.email_digests is False

    c.post(reverse("accounts:profile"), {"full_name": "Bob Participant", "email_digests": "on"})
    personas.bob.refresh_from_db()
    assert personas.bob.email_digests is True
