"""Every page is titled with SITE_NAME, never the host and port it was reached on."""

from django.urls import reverse


def test_the_login_page_names_the_site(client, settings, db):  # db: the header reads the brand
    settings.SITE_NAME = "Acme Assessor"
    settings.ALLOWED_HOSTS = ["assess.example.com"]
    r = client.get(reverse("accounts:login"), HTTP_HOST="assess.example.com:8443")
    assert "<title>Sign in · Acme Assessor</title>" in r.text
    assert "8443" not in r.text


def test_signed_in_pages_name_the_site(personas, login, settings):
    settings.SITE_NAME = "Acme Assessor"
    r = login(personas.alice).get(reverse("accounts:dashboard"))
    assert "<title>Organizations · Acme Assessor</title>" in r.text
