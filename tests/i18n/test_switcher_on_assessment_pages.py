"""On an assessment's pages the header names the assessment's language.

Those pages speak the assessment's language whatever the reader chose, so the
reader's EN/DE/FR buttons would seem to do nothing there; elsewhere they stay.
"""

import html
import re

import pytest
from django.urls import reverse

from assessor import services as assessor_services

pytestmark = pytest.mark.django_db


def test_results_of_a_german_assessment_name_its_language_instead_of_buttons(
    client, personas, framework
):
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Plattform 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    assessment.language = "de"
    assessment.save(update_fields=["language"])
    client.force_login(personas.alice)

    page = client.get(
        reverse("assessor:results", args=[personas.org_a.slug, assessment.code]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Sprache des Assessments: DE" in text
    assert reverse("accounts:set_language") not in text

    # The organization page follows the reader (French), with the buttons.
    page = client.get(
        reverse("accounts:organization", args=[personas.org_a.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    text = page.content.decode()
    assert reverse("accounts:set_language") in text
    assert re.search(r'value="fr"[^>]*aria-current="true"', text)
