"""The export downloads and the import page (assessor/transfer_views.py)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessor import transfer
from assessor.models import Answer, Assessment
from tests.assessor.test_transfer import HYPERLINK, counts, fill


def export_url(a, kind, slug="acme"):
    return reverse(f"assessor:export_{kind}", args=[slug, a.code])


def import_url(slug="acme"):
    return reverse("assessor:import", args=[slug])


def upload(data: bytes, name="export.json"):
    return {"file": SimpleUploadedFile(name, data, content_type="application/json")}


@pytest.fixture
def exported(personas, assessment) -> bytes:
    fill(assessment, personas.alice)
    return json.dumps(transfer.assessment_to_json(assessment)).encode()


# -- downloads ----------------------------------------------------------------------------


def test_a_viewer_downloads_the_csv(personas, assessment, login):
    Answer.objects.create(
        assessment=assessment,
        question_key=assessment.question_keys()[-1],
        state="unknown",
        note=HYPERLINK,
        version=1,
    )
    r = login(personas.carol).get(export_url(assessment, "csv"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert r["Content-Disposition"] == f'attachment; filename="acme-baseline-{today}.csv"'
    assert r.content.startswith(b"\xef\xbb\xbf")
    assert r.content.count(b"\r\n") == len(assessment.question_keys()) + 1
    assert b"'" + HYPERLINK.replace('"', '""').encode() in r.content


def test_a_participant_downloads_the_json(personas, assessment, login):
    assessment.title = "Readiness: spring / 2027 ✓"
    assessment.save()
    r = login(personas.bob).get(export_url(assessment, "json"))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    disposition = r["Content-Disposition"]
    assert disposition.startswith('attachment; filename="acme-readiness-spring-2027-')
    assert disposition.endswith('.json"')
    document = json.loads(r.content)
    assert document["format"] == "readiness-assessment"
    assert document["title"] == "Readiness: spring / 2027 ✓"


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_exports_check_membership(personas, assessment, login, kind):
    assert login(personas.charlie).get(export_url(assessment, kind)).status_code == 404
    # Charlie's own organization in the URL does not reach Acme's assessment either.
    assert login(personas.charlie).get(export_url(assessment, kind, "bolt")).status_code == 404


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_exports_need_a_login(client, assessment, kind):
    r = client.get(export_url(assessment, kind))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))


def test_results_page_links_the_exports(personas, assessment, login):
    text = (
        login(personas.carol).get(reverse("assessor:results", args=["acme", assessment.code])).text
    )
    assert export_url(assessment, "csv") in text and export_url(assessment, "json") in text


# -- import -------------------------------------------------------------------------------


def test_the_owner_sees_the_import_page(personas, login):
    r = login(personas.alice).get(import_url())
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.text
    org_page = login(personas.alice).get(reverse("accounts:organization", args=["acme"])).text
    assert import_url() in org_page


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_participants_and_viewers_cannot_import(personas, login, exported, who):
    c = login(getattr(personas, who))
    before = counts()
    assert c.get(import_url()).status_code == 403
    assert c.post(import_url(), upload(exported)).status_code == 403
    assert counts() == before
    org_page = c.get(reverse("accounts:organization", args=["acme"])).text
    assert import_url() not in org_page


def test_outsiders_cannot_import(personas, login, exported):
    before = counts()
    c = login(personas.charlie)
    assert c.get(import_url()).status_code == 404
    assert c.post(import_url(), upload(exported)).status_code == 404
    assert counts() == before


def test_import_needs_a_login(client):
    assert client.get(import_url()).status_code == 302


def test_import_creates_the_assessment_and_shows_its_results(personas, login, exported):
    personas.org_b.regulated = True  # as Acme, so the advice matches too
    personas.org_b.save()
    r = login(personas.charlie).post(import_url("bolt"), upload(exported), follow=True)
    imported = Assessment.objects.get(organization=personas.org_b)
    assert r.redirect_chain == [(reverse("assessor:results", args=["bolt", imported.code]), 302)]
    assert "Imported “Baseline”." in r.text
    original = Assessment.objects.get(organization=personas.org_a)
    assert imported.results().scorecard.to_dict() == original.results().scorecard.to_dict()
    assert imported.results().advice.to_dict() == original.results().advice.to_dict()


def test_import_says_when_the_regulation_setting_differs(personas, login, exported):
    r = login(personas.charlie).post(import_url("bolt"), upload(exported), follow=True)
    assert "The exporting organization was regulated; Bolt Robotics is not" in r.text


def test_a_bad_file_lists_every_problem_and_writes_nothing(personas, login, exported):
    document = json.loads(exported)
    document["answers"][10]["level"] = "3"
    document["answers"][11]["note"] = "x" * 5000
    document["hack"] = True
    before = counts()
    r = login(personas.alice).post(import_url(), upload(json.dumps(document).encode()))
    assert r.status_code == 422
    assert "Nothing was imported." in r.text
    assert "hack: unknown field; remove it." in r.text
    assert (
        "answers[10].level: expected a whole number from 0 to 4, got the text &quot;3&quot;."
        in r.text
    )
    assert "answers[11].note: keep the note under 4,000 characters (it has 5,000)." in r.text
    assert counts() == before


def test_a_truncated_file_is_refused(personas, login, exported):
    before = counts()
    r = login(personas.alice).post(import_url(), upload(exported[: len(exported) // 2]))
    assert r.status_code == 422
    assert "The file is not valid JSON" in r.text and "cut short" in r.text
    assert counts() == before


def test_an_oversized_upload_is_refused(personas, login):
    before = counts()
    data = b'{"note": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    r = login(personas.alice).post(import_url(), upload(data))
    assert r.status_code == 422
    assert "The file is larger than 2 MB" in r.text
    assert counts() == before


def test_posting_without_a_file_asks_for_one(personas, login):
    r = login(personas.alice).post(import_url(), {})
    assert r.status_code == 422
    assert "This field is required." in r.text
