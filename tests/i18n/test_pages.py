"""Every page in pages.py, rendered in English, German and French, shows no
English sentence of ours in German or French (tests/i18n/sweep.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from assessor.models import Assessment
from tests.i18n.pages import PAGES
from tests.i18n.sweep import assert_translated, untranslated, visible_texts


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_page_is_translated(page, world):
    client = Client()
    if page.as_user:
        client.force_login(
            getattr(world.personas, page.as_user),
            backend="django.contrib.auth.backends.ModelBackend",
        )
    for name, value in page.cookies(world).items():
        client.cookies[name] = value
    data = [*world.data(), *page.data(world)]

    def before(language):
        if page.speaks_assessment_language:
            Assessment.objects.filter(pk=world.assessment.pk).update(language=language)

    assert_translated(client, page.url(world), data=data, follow=page.follow, before=before)


def test_it_reads_what_a_person_sees():
    html = """<html><head><title>Your profile</title><style>p { color: red }</style></head>
    <body><script>var s = "not seen";</script><p>Signed   in
    as <b>bob</b></p><input type="submit" value="Save changes">
    <input type="hidden" value="no way"><img alt="Current logo" src="x.png">
    <input placeholder="part of an email">
    <a aria-label="Invitation link" title="Copy it">x</a></body></html>"""
    assert visible_texts(html) == [
        "Your profile",
        "Signed in as",
        "bob",
        "Save changes",
        "Current logo",
        "part of an email",
        "Copy it",
        "Invitation link",
        "x",
    ]


def test_it_names_each_english_leftover_and_nothing_else():
    english = "<h1>Your profile</h1><p>Signed in as Bob Smith</p><p>DevOps MLOps</p><p>Save</p>"
    german = "<h1>Ihr Profil</h1><p>Signed in as Bob Smith</p><p>DevOps MLOps</p><p>Save</p>"
    # One word (Save) and the unchanged terms pass; the sentence does not,
    # even though the user's name in it is data.
    assert untranslated(english, german, data=["Bob Smith"]) == ["Signed in as Bob Smith"]
    # The user's own data alone is no leftover.
    assert untranslated("<p>Bob Smith</p>", "<p>Bob Smith</p>", data=["Bob Smith"]) == []


def test_a_string_left_untranslated_fails_the_sweep(world):
    """The German catalogue loses one translation: the dashboard's heading
    comes out in English, and the sweep says so, naming it."""
    client = Client()
    client.force_login(world.personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    catalogue = trans_real.translation("de")._catalog
    heading = "Your client organizations"
    translated = catalogue[heading]
    catalogue[heading] = heading
    try:
        with pytest.raises(AssertionError) as failure:
            assert_translated(client, reverse("accounts:dashboard"), data=world.data())
    finally:
        catalogue[heading] = translated
        translation.deactivate()
    assert f"[de] {heading}" in str(failure.value)
    assert "[fr]" not in str(failure.value)
