"""CSV and JSON exports, and the JSON import (assessor/transfer.py)."""

import copy
import csv
import io
import json

import pytest

from assessor import transfer
from assessor.models import Answer, AnswerRevision, Assessment, AssessmentEvent
from assessor.services import assessment_complete

HYPERLINK = '=HYPERLINK("http://x")'


def fill(assessment, user) -> None:
    """Answers of every kind: levels 0-4, N/A with a note, don't know, evidence, context."""
    fw = assessment.framework.parsed
    rows = []
    for n, q in enumerate(fw.scored_questions):
        state, level, note = "answered", n % 5, f"note {n}" if n % 3 == 0 else ""
        if n % 7 == 0:
            state, level, note = "na", None, "We run no such systems."
        elif n % 7 == 1:
            state, level = "unknown", None
        evidence = f"https://wiki.example.org/q/{n}" if n % 4 == 0 else ""
        rows.append((q.key, state, level, "", note, evidence))
    for n, q in enumerate(fw.context_questions):
        rows.append((q.key, "answered", None, q.choice_keys[n % len(q.choice_keys)], "", ""))
    for key, state, level, choice, note, evidence in rows:
        Answer.objects.create(
            assessment=assessment,
            question_key=key,
            state=state,
            level=level,
            choice=choice,
            note=note,
            evidence=evidence,
            answered_by=user,
            version=1,
        )
    assessment.targets = {"ci_cd": 3, "ml_governance": 2}
    assessment.headline = assessment.headline_from(list(assessment.answers.all()))
    assessment.save()


def counts() -> tuple[int, int, int, int]:
    return (
        Assessment.objects.count(),
        Answer.objects.count(),
        AnswerRevision.objects.count(),
        AssessmentEvent.objects.count(),
    )


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def filled(personas, assessment):
    fill(assessment, personas.alice)
    return assessment


@pytest.fixture
def exported(filled) -> dict:
    return transfer.assessment_to_json(filled)


# -- CSV ----------------------------------------------------------------------------------


def csv_rows(assessment) -> list[list[str]]:
    data = transfer.assessment_to_csv(assessment)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_csv_has_one_row_per_question_in_framework_order(filled):
    rows = csv_rows(filled)
    assert rows[0] == transfer.CSV_HEADER
    assert [r[2] for r in rows[1:]] == filled.question_keys()
    assert {len(r) for r in rows} == {len(transfer.CSV_HEADER)}


def test_csv_describes_each_answer(personas, filled):
    fw = filled.framework.parsed
    rows = {r[2]: dict(zip(transfer.CSV_HEADER, r, strict=True)) for r in csv_rows(filled)[1:]}
    context = fw.context_questions[0]
    assert rows[context.key]["Area"] == "Context"
    assert rows[context.key]["Answer"] == context.choices[0].label
    answer = Answer.objects.get(assessment=filled, question_key=fw.scored_questions[3].key)
    row = rows[answer.question_key]
    assert row["Level"] == str(answer.level) == "3"
    assert row["Answer"] == fw.question(answer.question_key).levels[3].text
    assert row["State"] == "Answered"
    assert row["Dimension"] == fw.dimension(fw.question(answer.question_key).dimension).title
    assert row["Answered by"] == "Alice Owner"
    assert row["Answered at"][:4].isdigit()
    na = rows[fw.scored_questions[0].key]
    assert (na["State"], na["Level"], na["Note"]) == ("N/A", "", "We run no such systems.")
    assert na["Evidence"] == "https://wiki.example.org/q/0"
    assert rows[fw.scored_questions[1].key]["State"] == "Don’t know"


def test_csv_lists_unanswered_questions(assessment):
    rows = csv_rows(assessment)[1:]
    assert len(rows) == len(assessment.question_keys())
    assert {r[5] for r in rows} == {"Not answered"}


@pytest.mark.parametrize(
    "note",
    [HYPERLINK, "+1+2", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"],
)
def test_csv_neutralises_formulas(personas, assessment, note):
    key = assessment.question_keys()[-1]
    Answer.objects.create(
        assessment=assessment, question_key=key, state="unknown", note=note, version=1
    )
    row = next(r for r in csv_rows(assessment) if r[2] == key)
    assert row[7] == "'" + note


def test_csv_leaves_ordinary_text_alone(personas, assessment):
    key = assessment.question_keys()[-1]
    note = "Tests run on every push; see the wiki = yes"
    Answer.objects.create(
        assessment=assessment, question_key=key, state="unknown", note=note, version=1
    )
    assert next(r for r in csv_rows(assessment) if r[2] == key)[7] == note


# -- JSON export and round trip -----------------------------------------------------------


def test_json_export_names_the_exact_framework(filled, exported):
    assert exported["format"] == "readiness-assessment"
    assert exported["format_version"] == 1
    assert exported["framework"] == {
        "key": filled.framework.key,
        "version": filled.framework.version,
        "sha256": filled.framework.sha256,
    }
    assert exported["targets"] == {"ci_cd": 3, "ml_governance": 2}
    assert len(exported["answers"]) == len(filled.question_keys())
    assert exported["answers"][0]["answered_by"] == "alice@example.org"
    json.dumps(exported)  # plain JSON data


def test_round_trip_into_another_organization_scores_identically(personas, filled):
    assessment_complete(assessment=filled, user=personas.alice)
    filled.refresh_from_db()
    personas.org_b.regulated = personas.org_a.regulated  # the advice follows the org
    personas.org_b.save()
    data = json.dumps(transfer.assessment_to_json(filled)).encode()

    copy_ = transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=data
    )

    copy_ = Assessment.objects.get(pk=copy_.pk)
    assert copy_.organization == personas.org_b and copy_.code != filled.code
    before, after = filled.results(), copy_.results()
    assert after.scorecard.to_dict() == before.scorecard.to_dict()
    assert after.advice.to_dict() == before.advice.to_dict()
    assert after.context == before.context
    assert copy_.headline == filled.headline
    fields = ("title", "scope", "status", "targets", "created_at", "completed_at", "framework_id")
    assert [getattr(copy_, f) for f in fields] == [getattr(filled, f) for f in fields]

    def snapshots(a):
        return {x.question_key: x.snapshot() for x in a.answers.all()}

    assert snapshots(copy_) == snapshots(filled)
    # Exporting the copy gives the same document, apart from the moment and the org.
    again = transfer.assessment_to_json(copy_)
    first = transfer.assessment_to_json(filled)
    for doc in (again, first):
        del doc["exported_at"], doc["organization"]
    for doc in (again, first):
        for a in doc["answers"]:
            a.pop("answered_by")
    assert again == first


def test_import_records_who_imported_and_credits_only_members(personas, filled, exported):
    data = as_bytes(exported)
    into_b = transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=data
    )
    # alice is no member of Bolt: her email in the file must not link her account there.
    assert not into_b.answers.exclude(answered_by=None).exists()
    revisions = AnswerRevision.objects.filter(answer__assessment=into_b)
    assert revisions.count() == into_b.answers.count() == len(exported["answers"])
    assert set(revisions.values_list("user", flat=True)) == {personas.charlie.pk}
    assert set(revisions.values_list("old", flat=True)) == {None}
    assert into_b.created_by == personas.charlie
    assert list(into_b.events.values_list("action", "user")) == [("started", personas.charlie.pk)]

    into_a = transfer.assessment_import(organization=personas.org_a, user=personas.bob, data=data)
    assert set(into_a.answers.values_list("answered_by", flat=True)) == {personas.alice.pk}


def test_import_keeps_an_in_progress_status(personas, filled, exported):
    exported["status"] = "in_progress"
    a = transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
    )
    assert (a.status, a.completed_at) == ("in_progress", None)


def test_import_keeps_the_assessments_language(personas, filled, exported):
    assert exported["language"] == "en"
    exported["language"] = "fr"
    a = transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
    )
    assert a.language == "fr"


def test_a_file_from_before_languages_gets_the_default(personas, filled, exported):
    del exported["language"]
    a = transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
    )
    assert a.language == "en"


def test_a_language_the_bank_does_not_speak_is_refused(personas, filled, exported):
    exported["language"] = "xx"
    with pytest.raises(transfer.ImportInvalid) as refused:
        transfer.assessment_import(
            organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
        )
    assert refused.value.errors == [
        'language: expected one of “en”, “de”, “fr”, got the text "xx".'
    ]


# -- hostile and malformed files ----------------------------------------------------------


def mutate(path, value):
    """A change to the exported document: set `value` at a path like ("answers", 3, "level")."""

    def apply(doc):
        node = doc
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        return as_bytes(doc)

    return apply


def drop_note_of_na(doc):
    na = next(a for a in doc["answers"] if a["state"] == "na")
    na["note"] = "  "
    return as_bytes(doc)


def unknown_version(doc):
    doc["framework"]["version"] = 99
    return as_bytes(doc)


HOSTILE = {
    "10 MB note": (
        mutate(("answers", 0, "note"), "x" * (10 * 1024 * 1024)),
        "The file is larger than 2 MB",
    ),
    "note over the limit": (
        mutate(("answers", 0, "note"), "x" * 4001),
        "answers[0].note: keep the note under 4,000 characters (it has 4,001).",
    ),
    "level as text": (
        mutate(("answers", 10, "level"), "3"),
        'answers[10].level: expected a whole number from 0 to 4, got the text "3".',
    ),
    "level as boolean": (
        mutate(("answers", 10, "level"), True),
        "answers[10].level: expected a whole number from 0 to 4, got true.",
    ),
    "level out of range": (
        mutate(("answers", 10, "level"), 5),
        "answers[10].level: expected a whole number from 0 to 4, got the number 5.",
    ),
    "level as float": (
        mutate(("answers", 10, "level"), 2.5),
        "answers[10].level: expected a whole number from 0 to 4, got the number 2.5.",
    ),
    "answered without level": (
        mutate(("answers", 10, "level"), None),
        "answers[10].level: an answered question needs a level from 0 to 4.",
    ),
    "bad state": (
        mutate(("answers", 10, "state"), "maybe"),
        "answers[10].state: expected one of “unanswered”, “answered”, “na”, “unknown”, "
        'got the text "maybe".',
    ),
    "N/A without a note": (
        drop_note_of_na,
        "N/A needs a note saying why this question does not apply.",
    ),
    "unknown top-level key": (
        mutate(("is_admin",), True),
        "is_admin: unknown field; remove it.",
    ),
    "unknown answer key": (
        mutate(("answers", 2, "score"), 4),
        "answers[2].score: unknown field; remove it.",
    ),
    "unknown framework version": (
        unknown_version,
        "framework: this installation has no question bank “devops-mlops-readiness” version 99 "
        "(installed: devops-mlops-readiness v2, devops-mlops-readiness v1). Install that version "
        "first.",
    ),
    "different bank content": (
        mutate(("framework", "sha256"), "0" * 64),
        "framework.sha256: the question bank devops-mlops-readiness v2 here differs",
    ),
    "unknown question": (
        mutate(("answers", 4, "question"), "root_access"),
        "answers[4].question: there is no question “root_access” in this assessment.",
    ),
    "bad context choice": (
        mutate(("answers", 0, "choice"), "galaxy_brain"),
        "answers[0].choice: expected one of none, exploring, pilots, production, core, "
        'got the text "galaxy_brain".',
    ),
    "choice on a scored question": (
        mutate(("answers", 10, "choice"), "none"),
        "answers[10].choice: only context questions have a choice; use level.",
    ),
    "evidence that is not text": (
        mutate(("answers", 0, "evidence"), ["https://x.org"]),
        "answers[0].evidence: expected text, got a list.",
    ),
    "evidence over the limit": (
        mutate(("answers", 0, "evidence"), "https://x.org/" + "a" * 500),
        "answers[0].evidence: keep the evidence under 500 characters (it has 514).",
    ),
    "note as a number": (
        mutate(("answers", 0, "note"), 7),
        "answers[0].note: expected text, got the number 7.",
    ),
    "NUL in a note": (
        mutate(("answers", 0, "note"), "a\x00b"),
        "answers[0].note: contains a NUL character.",
    ),
    "lone surrogate in a note": (
        lambda doc: as_bytes(doc).replace(b'"note": ""', b'"note": "\\ud800"', 1),
        "note: contains an invalid character escape.",
    ),
    "answers not a list": (
        mutate(("answers",), {"ci_cd_1": 4}),
        "answers: expected a list, got an object.",
    ),
    "answer not an object": (
        mutate(("answers", 3), "4"),
        'answers[3]: expected an object, got the text "4".',
    ),
    "title too long": (
        mutate(("title",), "t" * 201),
        "title: keep the title under 200 characters (it has 201).",
    ),
    "empty title": (mutate(("title",), "   "), "title: must not be empty."),
    "bad scope": (
        mutate(("scope",), "everything"),
        'scope: expected one of “both”, “devops”, “mlops”, got the text "everything".',
    ),
    "completed without date": (
        mutate(("status",), "completed"),
        "completed_at: a completed assessment needs its completion date.",
    ),
    "naive date": (
        mutate(("created_at",), "2026-01-01T10:00:00"),
        "created_at: expected a date and time with a time zone",
    ),
    "target out of range": (
        mutate(("targets", "ci_cd"), 9),
        "targets.ci_cd: expected a level from 0 to 4, got the number 9.",
    ),
    "target of an unknown dimension": (
        mutate(("targets", "vibes"), 2),
        "targets.vibes: the question bank has no dimension “vibes”.",
    ),
    "framework version as text": (
        mutate(("framework", "version"), "1"),
        'framework.version: expected a whole number, got the text "1".',
    ),
    "wrong format": (
        mutate(("format",), "something-else"),
        "This is not an exported assessment",
    ),
    "newer format": (
        mutate(("format_version",), 2),
        "format_version: this installation reads version 1, the file has the number 2.",
    ),
    "missing answers": (
        lambda doc: as_bytes({k: v for k, v in doc.items() if k != "answers"}),
        "answers: is missing.",
    ),
    "truncated JSON": (
        lambda doc: as_bytes(doc)[:-200],
        "The file is not valid JSON:",
    ),
    "not UTF-8": (
        lambda doc: as_bytes(doc).replace(b'"Baseline"', b'"Basel\xffine"'),
        "The file is not UTF-8 text",
    ),
    "a list": (lambda doc: b"[1, 2]", "The file must hold one JSON object"),
    "empty": (lambda doc: b"", "The file is empty."),
    "NaN": (
        lambda doc: as_bytes(doc).replace(b'"level": 2', b'"level": NaN', 1),
        "The file contains NaN",
    ),
    "duplicate key": (
        lambda doc: b'{"format": "readiness-assessment", "format": "x"}',
        "The file names the field “format” twice in one object.",
    ),
    "deep nesting": (lambda doc: b"[" * 200_000 + b"]" * 200_000, "The file is not valid JSON"),
    "huge integer": (lambda doc: b'{"format_version": ' + b"9" * 5000 + b"}", "not valid JSON"),
}


@pytest.mark.parametrize("change, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_files_are_refused_and_write_nothing(personas, exported, change, message):
    before = counts()
    with pytest.raises(transfer.ImportInvalid) as refused:
        transfer.assessment_import(
            organization=personas.org_b,
            user=personas.charlie,
            data=change(copy.deepcopy(exported)),
        )
    assert any(message in e for e in refused.value.errors), refused.value.errors
    assert counts() == before


def test_truncated_json_says_where_and_why(personas, exported):
    data = as_bytes(exported)[:5000]
    with pytest.raises(transfer.ImportInvalid) as refused:
        transfer.assessment_import(organization=personas.org_b, user=personas.charlie, data=data)
    [message] = refused.value.errors
    assert "line 1, column" in message and "The file looks cut short." in message


def test_duplicate_answers_are_refused(personas, exported):
    exported["answers"].append(copy.deepcopy(exported["answers"][5]))
    exported["answers"].pop(0)  # stay within the number of questions
    with pytest.raises(transfer.ImportInvalid) as refused:
        transfer.assessment_import(
            organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
        )
    key = exported["answers"][4]["question"]
    assert refused.value.errors == [
        f"answers[{len(exported['answers']) - 1}].question: “{key}” is answered twice "
        "(also answers[4])."
    ]


def test_all_problems_are_reported_at_once(personas, exported):
    exported["answers"][3]["level"] = "3"
    exported["answers"][9]["question"] = "nope"
    exported["answers"][20]["evidence"] = "x" * 501
    exported["title"] = ""
    exported["extra"] = 1
    with pytest.raises(transfer.ImportInvalid) as refused:
        transfer.assessment_import(
            organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
        )
    paths = [e.split(":")[0] for e in refused.value.errors]
    assert paths == [
        "extra",
        "title",
        "answers[3].level",
        "answers[9].question",
        "answers[20].evidence",
    ]


def test_a_failure_while_writing_leaves_nothing_behind(personas, exported, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AnswerRevision.objects, "bulk_create", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        transfer.assessment_import(
            organization=personas.org_b, user=personas.charlie, data=as_bytes(exported)
        )
    assert counts() == before
