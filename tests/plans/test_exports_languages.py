"""The plan's CSV in the client's language: a German or French export names its
columns and statuses in that language, and the import reads that file back
(whatever language the importer uses) as well as an English one."""

import csv
import io

import pytest
from django.utils import translation

from assessor.plans import exports
from assessor.plans.models import Action
from tests.plans.test_exports import actions, assessment  # noqa: F401 (fixtures)

HEADERS = {
    "de": ["Zusammenfassung", "Beschreibung", "Zugewiesen an", "Fälligkeitsdatum", "Labels"],
    "fr": ["Résumé", "Description", "Assigné à", "Échéance", "Étiquettes"],
}
DROPPED = {"de": "Verworfen", "fr": "Abandonnée"}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_an_export_in_german_or_french_names_its_columns_in_that_language(
    personas,
    actions,  # noqa: F811
    language,
):
    with translation.override(language):
        data = exports.plan_to_csv(exports.plan_actions(personas.org_a))

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:5] == HEADERS[language]
    assert "Summary" not in rows[0]
    statuses = [row[5] for row in rows[1:]]
    assert f"{DROPPED[language]}: Replaced by the platform team's work" in statuses


@pytest.mark.parametrize(
    ("exported_in", "imported_in"), [("de", "en"), ("fr", "fr"), ("fr", "de"), ("en", "de")]
)
def test_the_import_reads_an_export_of_any_language_back(
    personas,
    actions,  # noqa: F811
    assessment,  # noqa: F811
    exported_in,
    imported_in,
):
    with translation.override(exported_in):
        data = exports.plan_to_csv(exports.plan_actions(personas.org_a))
    # Edited in a spreadsheet: the runbook is done now, in the file's own words.
    done = {"de": "Erledigt", "fr": "Terminée", "en": "Done"}[exported_in]
    todo = {"de": "Zu erledigen", "fr": "À faire", "en": "To do"}[exported_in]
    edited = data.decode("utf-8-sig").replace(todo, done).encode()

    with translation.override(imported_in):
        created, updated = exports.plan_import(
            assessment=assessment, user=personas.alice, data=edited
        )

    assert (created, updated) == (0, 1)
    runbook = Action.objects.get(title="Write the rollback runbook")
    assert runbook.status == Action.Status.DONE
    dropped = Action.objects.get(title="-1 flaky test a week")
    assert dropped.status == Action.Status.DROPPED
    assert dropped.dropped_reason == "Replaced by the platform team's work"


def test_an_unknown_column_name_is_still_refused_in_every_language(personas, assessment):  # noqa: F811
    data = b"Zusammenfasung,Beschreibung\nTippfehler,x\n"

    with translation.override("de"), pytest.raises(exports.ImportInvalid) as refused:
        exports.plan_import(assessment=assessment, user=personas.alice, data=data)

    assert refused.value.errors == [
        "Die erste Zeile muss die Spalten benennen, darunter Zusammenfassung (oder Title)."
    ]
