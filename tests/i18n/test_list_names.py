"""List pages name a bank and a recommended path in the reader's language.

Both are stored with each assessment (`Assessment.headline`, `Framework.title`)
in English or in whatever language was active when it was saved; the
organization page and the timeline show them from the path's key and the
bank's stored translation instead.
"""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from assessor import services as assessor_services
from assessor.models import Assessment
from assessor.templatetags.advice_words import bank_title, path_title

pytestmark = pytest.mark.django_db

TITLES = {
    "en": ("DevOps & MLOps readiness", "Extend DevOps into MLOps now"),
    "de": ("DevOps- & MLOps-Reifegrad", "DevOps jetzt auf MLOps ausweiten"),
    "fr": ("Maturité DevOps & MLOps", "Étendre dès maintenant DevOps au MLOps"),
}


@pytest.mark.parametrize("language", sorted(TITLES))
def test_filters_name_the_bank_and_the_path_in_the_active_language(framework, language):
    # Saved while French was active: the stored title is French, the key is not.
    with translation.override("fr"):
        stored = {"path": "extend_to_mlops", "path_title": "Étendre dès maintenant DevOps au MLOps"}
    with translation.override(language):
        assert bank_title(framework) == TITLES[language][0]
        assert path_title(stored) == TITLES[language][1]


def test_a_headline_without_a_known_path_keeps_what_was_stored():
    assert path_title({"path": "retired_path", "path_title": "As it was"}) == "As it was"
    assert path_title(None) == ""


@pytest.mark.parametrize("page", ["accounts:organization", "assessor:timeline"])
def test_german_reader_sees_german_names_on_list_pages(client, personas, framework, page):
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    # As a French room left it: the stored title is French. (The timeline
    # speaks its assessments' language, German here.)
    Assessment.objects.filter(pk=assessment.pk).update(
        language="de",
        headline={
            **assessment.headline,
            "path": "extend_to_mlops",
            "path_title": TITLES["fr"][1],
        },
    )
    client.force_login(personas.alice)
    response = client.get(reverse(page, args=[personas.org_a.slug]), HTTP_ACCEPT_LANGUAGE="de")
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert TITLES["de"][0] in text
    assert TITLES["de"][1] in text
    assert TITLES["en"][0] not in text
    assert TITLES["fr"][1] not in text
