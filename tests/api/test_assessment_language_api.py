"""The assessment resource exposes and accepts the assessment's language."""

import pytest
from django.urls import reverse

from tests.assessor.test_bank_translations import stored_tiny


@pytest.fixture
def tiny(db):
    return stored_tiny()


def test_the_api_exposes_and_accepts_the_language(personas, tiny, api):
    client = api(personas.alice)
    url = reverse("api:assessments", args=["acme"])

    r = client.post(
        url, {"title": "API", "framework_key": "tiny-bank", "language": "de"}, format="json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["language"] == "de"
    detail = reverse("api:assessment", args=["acme", r.json()["code"]])
    assert client.get(detail).json()["language"] == "de"

    r = client.post(
        url, {"title": "API", "framework_key": "tiny-bank", "language": "fr"}, format="json"
    )
    assert r.status_code == 400 and "language" in r.json()["fields"]
    r = client.post(
        url, {"title": "API", "framework_key": "tiny-bank", "language": "xx"}, format="json"
    )
    assert r.status_code == 400

    assert client.patch(detail, {"language": "en"}, format="json").json()["language"] == "en"
    r = client.patch(detail, {"language": "fr"}, format="json")
    assert r.status_code == 400 and "language" in r.json()["fields"]
    assert api(personas.bob).patch(detail, {"language": "de"}, format="json").status_code == 403
