"""Stored bank translations and the assessment's language: loading, upload,
the framework in a language, the pages, follow-ups, the report snapshot and
the API. The tiny fixture bank and its German and French translations
(tests/brain/fixtures) stand in for the real bank."""

import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from assessor import frameworks, services
from assessor.frameworks.translation import parse_translation_yaml
from assessor.models import Assessment, AssessmentEvent, Framework, FrameworkTranslation
from assessor.workshops import services as workshop_services
from reports.snapshot import take_snapshot
from tests.assessor.conftest import answer_all

FIXTURES = Path(__file__).parents[1] / "brain" / "fixtures"
GERMAN_LEVEL = "Jede Änderung wird vor dem Zusammenführen gebaut und mit Unit-Tests geprüft."
FRENCH_LEVEL = "Le pipeline déploie des modèles versionnés à la demande."
ENGLISH_LEVEL = "Every change is built and unit-tested before merge."


def store_translation(bank: Framework, language: str):
    text = (FIXTURES / f"tiny.v1.{language}.yaml").read_text(encoding="utf-8")
    parsed = parse_translation_yaml(
        text,
        source=language,
        bank_for=services.translation_bank_lookup,
        languages=["en", "de", "fr"],
    )
    return services.translation_store(framework=bank, translation=parsed, builtin=False)


def stored_tiny() -> Framework:
    """The tiny bank, stored with its German translation only."""
    parsed = frameworks.load_framework_file(FIXTURES / "tiny.v1.yaml")
    stored, _ = services.framework_store(parsed=parsed, builtin=False)
    store_translation(stored, "de")
    return stored


@pytest.fixture
def tiny(db) -> Framework:
    return stored_tiny()


def start(personas, bank, language=None, title="Baseline") -> Assessment:
    return services.assessment_start(
        organization=personas.org_a,
        framework=bank,
        title=title,
        scope="both",
        targets={},
        user=personas.alice,
        language=language,
    )


# -- loading and storing -----------------------------------------------------------------


def test_sync_frameworks_stores_the_built_in_translations(db, tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "tiny.v1.yaml", tmp_path / "tiny-bank.v1.yaml")
    for language in ("de", "fr"):
        shutil.copy(
            FIXTURES / f"tiny.v1.{language}.yaml", tmp_path / f"tiny-bank.v1.{language}.yaml"
        )
    monkeypatch.setattr(
        frameworks, "builtin_framework_files", lambda: [tmp_path / "tiny-bank.v1.yaml"]
    )
    monkeypatch.setattr(
        frameworks,
        "builtin_translation_files",
        lambda: sorted(tmp_path.glob("tiny-bank.v1.*.yaml")),
    )

    call_command("sync_frameworks", verbosity=0)
    bank = Framework.objects.get(key="tiny-bank")
    assert bank.languages() == ["en", "de", "fr"]
    assert set(bank.translations.values_list("builtin", flat=True)) == {True}
    first = dict(bank.translations.values_list("language", "sha256"))

    call_command("sync_frameworks", verbosity=0)  # idempotent
    assert dict(bank.translations.values_list("language", "sha256")) == first


def test_sync_frameworks_refuses_a_broken_or_misnamed_translation(db, tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "tiny.v1.yaml", tmp_path / "tiny-bank.v1.yaml")
    broken = (
        (FIXTURES / "tiny.v1.de.yaml").read_text().replace("    title: Modellbereitstellung\n", "")
    )
    (tmp_path / "tiny-bank.v1.de.yaml").write_text(broken)
    shutil.copy(FIXTURES / "tiny.v1.fr.yaml", tmp_path / "tiny-bank.v1.it.yaml")
    monkeypatch.setattr(
        frameworks, "builtin_framework_files", lambda: [tmp_path / "tiny-bank.v1.yaml"]
    )
    monkeypatch.setattr(
        frameworks,
        "builtin_translation_files",
        lambda: sorted(tmp_path.glob("tiny-bank.v1.*.yaml")),
    )

    with pytest.raises(CommandError) as caught:
        call_command("sync_frameworks", verbosity=0)
    message = str(caught.value)
    assert "tiny-bank.v1.de.yaml: dimensions/model_serving/title: missing" in message
    assert "tiny-bank.v1.it.yaml: its header says it is tiny-bank.v1.fr.yaml" in message
    assert not FrameworkTranslation.objects.exists()


def test_the_framework_in_a_language_has_its_texts_over_the_same_keys(tiny):
    english, german = tiny.in_language("en"), tiny.in_language("de")

    assert german.question("ci_build").levels[2].text == GERMAN_LEVEL
    assert english.question("ci_build").levels[2].text == ENGLISH_LEVEL
    assert german.sha256 == english.sha256 and german.language == "de"
    # No French translation: the bank as written. A regional variant is its language.
    assert tiny.in_language("fr") is english
    assert tiny.in_language("de-at") is german
    # `parsed` follows the active language.
    with translation.override("de"):
        assert tiny.parsed is german
    assert tiny.parsed is english


def test_the_translation_is_parsed_once_per_version_and_a_new_one_replaces_it(
    tiny, django_assert_num_queries
):
    german = Framework.objects.get(pk=tiny.pk).in_language("de")
    again = Framework.objects.get(pk=tiny.pk)
    with django_assert_num_queries(1):  # which translation is stored; no re-parse
        assert again.in_language("de") is german
        assert again.in_language("de") is german

    changed = (
        (FIXTURES / "tiny.v1.de.yaml").read_text().replace("Mini-Fragenkatalog", "Kleiner Katalog")
    )
    parsed = parse_translation_yaml(
        changed, source="de", bank_for=services.translation_bank_lookup, languages=["de"]
    )
    _, outcome = services.translation_store(framework=tiny, translation=parsed, builtin=False)
    assert outcome == "updated"
    assert Framework.objects.get(pk=tiny.pk).in_language("de").title == "Kleiner Katalog"


# -- admin upload ------------------------------------------------------------------------

ADMIN_ADD = reverse("admin:assessor_frameworktranslation_add")


@pytest.fixture
def admin(client, db):
    staff = User.objects.create_superuser("root@example.org", "pw")
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


def upload(c, name: str, text: str):
    return c.post(ADMIN_ADD, {"yaml_file": SimpleUploadedFile(name, text.encode())}, follow=True)


def test_the_admin_stores_an_uploaded_translation(admin, tiny):
    r = upload(admin, "fr.yaml", (FIXTURES / "tiny.v1.fr.yaml").read_text())

    assert r.status_code == 200
    assert tiny.languages() == ["en", "de", "fr"]
    assert tiny.translations.get(language="fr").builtin is False


def test_the_admin_lists_every_problem_with_its_path(admin, tiny):
    text = (FIXTURES / "tiny.v1.fr.yaml").read_text()
    text = text.replace("        label: Aucun\n", "").replace("version: 1", "version: 1\nweight: 2")

    r = upload(admin, "fr.yaml", text)

    assert "fr.yaml: context_questions/ai_adoption_stage/choices/none/label: missing" in r.text
    assert "fr.yaml: weight: extra key (the bank has no such text)" in r.text
    assert tiny.languages() == ["en", "de"]


def test_the_admin_refuses_a_translation_of_a_version_not_stored(admin, tiny):
    text = (FIXTURES / "tiny.v1.fr.yaml").read_text().replace("version: 1", "version: 9")

    r = upload(admin, "fr.yaml", text)

    assert "there is no stored bank &#x27;tiny-bank&#x27; version 9" in r.text
    assert not tiny.translations.filter(language="fr").exists()


# -- the assessment's language -----------------------------------------------------------


def test_a_new_assessment_takes_the_creators_language_when_the_bank_has_it(personas, tiny):
    with translation.override("de"):
        assert start(personas, tiny).language == "de"
    with translation.override("fr"):  # no French translation of this bank
        assert start(personas, tiny).language == "en"
    assert start(personas, tiny, language="fr").language == "fr"  # chosen explicitly


def test_the_start_page_offers_the_banks_languages(personas, tiny, framework, login):
    c = login(personas.alice)
    url = reverse("assessor:start", args=["acme"])

    page = c.get(url).text
    offered = framework.languages()
    assert page.count('<option value="en"') == 1
    assert ('<option value="de"' in page) == ("de" in offered)

    r = c.post(url, {"title": "Munich", "framework": tiny.pk, "scope": "both", "language": "de"})
    assert r.status_code == 302
    assert Assessment.objects.get(title="Munich").language == "de"

    r = c.post(url, {"title": "Lyon", "framework": tiny.pk, "scope": "both", "language": "fr"})
    assert r.status_code == 200 and "fr is not one of the available choices" in r.text
    assert not Assessment.objects.filter(title="Lyon").exists()


def test_the_wizard_speaks_the_assessments_language_and_leaves_the_readers(personas, tiny, login):
    german = start(personas, tiny, language="de")
    c = login(personas.alice)

    r = c.get(reverse("assessor:step", args=["acme", german.code, "ci_cd"]))

    assert r.status_code == 200
    assert r["Content-Language"] == "de"
    assert GERMAN_LEVEL in r.text and ENGLISH_LEVEL not in r.text
    assert translation.get_language() == "en"  # the reader's again after the page
    english = start(personas, tiny, language="en")
    page = c.get(reverse("assessor:step", args=["acme", english.code, "ci_cd"])).text
    assert ENGLISH_LEVEL in page and GERMAN_LEVEL not in page


def test_results_and_history_speak_it_too(personas, tiny, login):
    german = start(personas, tiny, language="de")
    answer_all(german, personas.alice, level=2)
    c = login(personas.alice)

    results = c.get(reverse("assessor:results", args=["acme", german.code])).text
    history = c.get(reverse("assessor:history", args=["acme", german.code, "ci_build"])).text

    assert "Modellbereitstellung" in results and "Model serving" not in results
    assert "Wird jede Änderung automatisch gebaut und getestet?" in history


def test_scores_do_not_depend_on_the_language(personas, tiny):
    store_translation(tiny, "fr")
    figures = {}
    for language in ("en", "de", "fr"):
        a = start(personas, tiny, language=language, title=language)
        answer_all(a, personas.alice, level=3)
        with translation.override(language):
            results = a.results()
        figures[language] = (
            [(d.key, d.score, d.confidence) for d in results.scorecard.dimensions],
            [(area.key, area.score) for area in results.scorecard.areas],
            results.advice.path.outcome,
            [g.dimension for g in results.advice.gaps],
        )
    assert figures["en"] == figures["de"] == figures["fr"]


def test_facilitators_change_the_language_on_the_manage_page(personas, tiny, login):
    a = start(personas, tiny, language="en")
    url = reverse("assessor:manage", args=["acme", a.code])

    assert (
        login(personas.bob).post(url, {"action": "language", "language": "de"}).status_code == 403
    )
    c = login(personas.alice)
    r = c.post(url, {"action": "language", "language": "de"}, follow=True)

    a.refresh_from_db()
    assert a.language == "de"
    event = a.events.get(action=AssessmentEvent.Action.LANGUAGE_CHANGED)
    assert event.user == personas.alice and event.detail == "English → Deutsch"
    assert "Dieses Assessment verwendet jetzt Deutsch." in r.text
    # A language the bank has no translation into is refused.
    r = c.post(url, {"action": "language", "language": "fr"})
    assert r.status_code == 200
    a.refresh_from_db()
    assert a.language == "de"


def test_a_follow_up_keeps_the_language(personas, tiny):
    base = start(personas, tiny, language="de")
    services.assessment_complete(assessment=base, user=personas.alice)

    follow_up = services.assessment_follow_up(base=base, user=personas.alice)

    assert follow_up.language == "de"


def test_the_report_snapshot_is_taken_in_the_assessments_language(personas, tiny):
    a = start(personas, tiny, language="de")
    answer_all(a, personas.alice, level=1)
    a = Assessment.objects.select_related("framework", "organization", "created_by").get(pk=a.pk)

    snapshot = take_snapshot(
        assessment=a,
        answers=list(a.answers.all()),
        number=1,
        requested_by=personas.alice,
        requested_at=timezone.now(),
    )

    assert snapshot["language"] == "de"
    assert snapshot["framework"]["title"] == "Mini-Fragenkatalog"
    assert "Modellbereitstellung" in [d["title"] for d in snapshot["dimensions"]]
    assert translation.get_language() == "en"


# -- the workshop phone ------------------------------------------------------------------


def test_a_participant_reads_their_phone_in_their_own_language(personas, tiny):
    store_translation(tiny, "fr")
    a = start(personas, tiny, language="de")
    ws = workshop_services.workshop_open(assessment=a, user=personas.alice)
    workshop_services.workshop_go(workshop=ws, key="serving_release")
    phone = Client()
    r = phone.post(reverse("workshops:join"), {"code": ws.join_code, "name": "Gina"})
    assert r.status_code == 302

    page = phone.get(ws.participant_url()).text
    assert "Die Pipeline stellt versionierte Modelle auf Anforderung bereit." in page
    assert 'value="fr" lang="fr"' in page  # the switch offers the bank's languages

    language_url = reverse("workshops:participant_language", args=[ws.code])
    assert phone.post(language_url, {"language": "fr"}).status_code == 302
    page = phone.get(ws.participant_url()).text
    assert FRENCH_LEVEL in page
    a.refresh_from_db()
    assert a.language == "de"  # the room's stays
    # Another phone still follows the room.
    other = Client()
    other.post(reverse("workshops:join"), {"code": ws.join_code, "name": "Otto"})
    assert "Die Pipeline stellt" in other.get(ws.participant_url()).text
    # Back to the room's language; a language the bank lacks is ignored.
    phone.post(language_url, {"language": "de"})
    phone.post(language_url, {"language": "it"})
    assert "Die Pipeline stellt" in phone.get(ws.participant_url()).text


def test_the_projector_speaks_the_assessments_language(personas, tiny, login):
    a = start(personas, tiny, language="de")
    ws = workshop_services.workshop_open(assessment=a, user=personas.alice)
    workshop_services.workshop_go(workshop=ws, key="ci_build")

    r = login(personas.alice).get(reverse("workshops:present", args=["acme", a.code, ws.code]))

    assert "Wird jede Änderung automatisch gebaut und getestet?" in r.text


def test_a_language_switch_is_not_answered_with_not_modified(personas, tiny, login):
    """The polls answer 304 while the screen would not change: a new language changes it."""
    store_translation(tiny, "fr")
    a = start(personas, tiny, language="de")
    ws = workshop_services.workshop_open(assessment=a, user=personas.alice)
    workshop_services.workshop_go(workshop=ws, key="ci_build")
    phone = Client()
    phone.post(reverse("workshops:join"), {"code": ws.join_code, "name": "Gina"})
    htmx = {"HX-Request": "true"}
    etag = phone.get(ws.participant_url(), headers=htmx)["ETag"]
    assert (
        phone.get(ws.participant_url(), headers={**htmx, "If-None-Match": etag}).status_code == 304
    )

    phone.post(reverse("workshops:participant_language", args=[ws.code]), {"language": "fr"})
    r = phone.get(ws.participant_url(), headers={**htmx, "If-None-Match": etag})
    assert r.status_code == 200 and "Chaque modification est-elle construite" in r.text

    c = login(personas.alice)
    screen = reverse("workshops:present", args=["acme", a.code, ws.code])
    etag = c.get(screen, headers=htmx)["ETag"]
    services.assessment_set_language(assessment=a, language="fr", user=personas.alice)
    r = c.get(screen, headers={**htmx, "If-None-Match": etag})
    assert r.status_code == 200 and "Chaque modification est-elle construite" in r.text


def test_the_wizard_and_results_name_the_bank_in_the_assessments_language(personas, tiny, login):
    german = start(personas, tiny, language="de")
    c = login(personas.alice)

    step = c.get(reverse("assessor:step", args=["acme", german.code, "context"])).text
    results = c.get(reverse("assessor:results", args=["acme", german.code])).text

    assert "Mini-Fragenkatalog v1" in step and "Mini-Fragenkatalog v1" in results
    assert "Tiny bank" not in step
