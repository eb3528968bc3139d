"""The language a person reads the site in: the browser's, the switcher's,
then their own stored choice (accounts/language.py)."""

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.language import UserLanguageMiddleware

SWITCH = reverse("accounts:set_language")


def heading_of(page: str) -> str:
    return page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_browsers_language_gives_a_german_page(personas, login):
    c = login(personas.bob)
    r = c.get(reverse("accounts:dashboard"), headers={"accept-language": "de-DE,de;q=0.9"})
    assert r["Content-Language"] == "de"
    assert '<html lang="de">' in r.text
    assert heading_of(r.text) == "Ihre Kundenorganisationen"


def test_an_anonymous_visitors_switcher_choice_is_a_cookie(db, client):
    login_page = reverse("accounts:login")
    r = client.post(SWITCH, {"language": "fr", "next": login_page})
    assert r.status_code == 302 and r["Location"] == login_page
    assert r.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # The cookie wins over the browser's own language.
    page = client.get(login_page, headers={"accept-language": "de"}).text
    assert heading_of(page) == "Se connecter"


def test_the_switcher_stores_a_signed_in_users_choice(personas, login):
    c = login(personas.bob)
    organization = reverse("accounts:organization", args=["acme"])
    r = c.post(SWITCH, {"language": "fr", "next": organization})
    assert r["Location"] == organization
    personas.bob.refresh_from_db()
    assert personas.bob.language == "fr"
    page = c.get(organization, headers={"accept-language": "de"})
    assert page["Content-Language"] == "fr"
    assert "Membres" in page.text

    # On another device (no cookie, a German browser) the account's choice holds.
    laptop = Client()
    laptop.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    r = laptop.get(organization, headers={"accept-language": "de"})
    assert r["Content-Language"] == "fr"


def test_the_stored_language_wins_over_the_cookie_and_the_browser(personas, login):
    personas.bob.language = "de"
    personas.bob.save()
    c = login(personas.bob)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    r = c.get(reverse("accounts:profile"), headers={"accept-language": "fr"})
    assert r["Content-Language"] == "de"
    assert heading_of(r.text) == "Ihr Profil"


def test_the_profile_sets_the_language_and_back_to_the_browsers(personas, login):
    c = login(personas.bob)
    profile = reverse("accounts:profile")
    form = {"full_name": "Bob Participant", "language": "de", "email_digests": "on"}
    r = c.post(profile, form, follow=True)
    personas.bob.refresh_from_db()
    assert personas.bob.language == "de"
    assert "Ihr Profil ist gespeichert." in r.text
    assert heading_of(r.text) == "Ihr Profil"

    r = c.post(profile, {**form, "language": ""}, follow=True)
    personas.bob.refresh_from_db()
    assert personas.bob.language == ""
    assert heading_of(r.text) == "Your profile"  # the test client's browser asks for nothing
    fr = c.get(profile, headers={"accept-language": "fr"})
    assert heading_of(fr.text) == "Votre profil"


def test_an_unknown_language_changes_nothing(personas, login):
    c = login(personas.bob)
    c.post(SWITCH, {"language": "xx", "next": "/"})
    personas.bob.refresh_from_db()
    assert personas.bob.language == ""
    assert c.post(reverse("accounts:profile"), {"language": "xx"}).status_code == 200


def test_the_switcher_is_a_csrf_protected_form_on_every_page(personas, client):
    page = client.get(reverse("accounts:login")).text
    assert f'action="{SWITCH}"' in page
    assert 'name="language" value="de" lang="de" title="Deutsch"' in page
    checked = Client(enforce_csrf_checks=True)
    assert checked.post(SWITCH, {"language": "de", "next": "/"}).status_code == 403


def test_a_view_may_still_show_its_own_language(personas, login, rf):
    """The room's assessment language overrides the person's, page by page:
    the middleware activates before the view, so translation.override in a
    view has the last word."""
    personas.bob.language = "de"
    personas.bob.save()
    session = login(personas.bob).session
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session.session_key
    request.session, request.user = session, personas.bob
    seen = {}

    def view(request):
        seen["page"] = translation.get_language()
        with translation.override("fr"):
            seen["assessment"] = translation.get_language()
        return HttpResponse()

    try:
        UserLanguageMiddleware(view)(request)
    finally:
        translation.deactivate()
    assert seen == {"page": "de", "assessment": "fr"}
