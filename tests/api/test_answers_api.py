"""Answer writes through the API: the wizard's own save, with its version
check, its audit trail and its validation."""

from assessor.models import Answer, AnswerRevision


def _url(acme, key=None):
    a = acme.assessment
    return f"/api/v1/orgs/acme/assessments/{a.code}/answers/{key or acme.question}/"


def test_it_saves_an_answer_and_keeps_the_revision(personas, acme, api):
    response = api(personas.bob).put(
        _url(acme), {"value": "4", "note": "Every merge deploys", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["value"], body["level"], body["version"]) == ("4", 4, 2)
    assert body["answered_by"] == "bob@example.org"
    answer = Answer.objects.get(assessment=acme.assessment, question_key=acme.question)
    assert (answer.level, answer.note, answer.answered_by) == (
        4,
        "Every merge deploys",
        personas.bob,
    )
    revision = AnswerRevision.objects.filter(answer=answer).first()
    assert revision.user == personas.bob
    assert revision.old["level"] == 0 and revision.new["level"] == 4
    # The headline the list pages read moved too.
    acme.assessment.refresh_from_db()
    assert acme.assessment.headline["answered"] == 6
    history = api(personas.carol).get(_url(acme) + "revisions/").json()
    assert history["results"][0]["user"] == "bob@example.org"


def test_a_stale_version_is_a_conflict_with_the_current_value(personas, dave, acme, api):
    first = api(dave).put(_url(acme), {"value": "2", "version": 1}, format="json")
    assert first.status_code == 200
    stale = api(personas.bob).put(_url(acme), {"value": "3", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert body["current"]["value"] == "2"
    assert body["current"]["version"] == 2
    assert body["current"]["answered_by"] == "dave@example.org"
    assert Answer.objects.get(question_key=acme.question, assessment=acme.assessment).level == 2
    # Keeping mine: send again with the version just seen.
    again = api(personas.bob).put(_url(acme), {"value": "3", "version": 2}, format="json")
    assert again.status_code == 200 and again.json()["version"] == 3


def test_a_question_never_answered_starts_at_version_0(personas, acme, api):
    key = acme.assessment.framework.parsed.scored_questions[-1].key
    client = api(personas.bob)
    read = client.get(_url(acme, key)).json()
    assert (read["state"], read["version"], read["updated_at"]) == ("unanswered", 0, None)
    response = client.put(_url(acme, key), {"value": "unknown", "version": 0}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "unknown"


def test_invalid_answers_are_refused_field_by_field(personas, acme, api):
    client = api(personas.bob)
    response = client.put(_url(acme), {"value": "7", "version": 1}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["value"][0].startswith("Choose a level")
    response = client.put(_url(acme), {"value": "na", "version": 1}, format="json")
    assert response.status_code == 400 and "note" in str(response.json()["fields"]).lower()
    response = client.put(_url(acme), {"version": -1}, format="json")
    assert set(response.json()["fields"]) == {"value", "version"}
    assert Answer.objects.get(question_key=acme.question, assessment=acme.assessment).version == 1


def test_a_question_outside_the_assessment_is_404(personas, acme, api):
    response = api(personas.bob).put(
        _url(acme, "no-such-question"), {"value": "1", "version": 0}, format="json"
    )
    assert response.status_code == 404


def test_a_completed_assessment_refuses_changes(personas, acme, api):
    assert (
        api(personas.alice)
        .post(f"/api/v1/orgs/acme/assessments/{acme.assessment.code}/complete/")
        .json()["status"]
        == "completed"
    )
    response = api(personas.bob).put(_url(acme), {"value": "3", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "completed"
    assert response.json()["current"]["level"] == 0


def test_a_nul_byte_in_an_api_address_is_a_json_404(personas, acme, api):
    response = api(personas.bob).get(_url(acme) + "?page=%00")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_write_that_leaves_out_the_note_and_evidence_keeps_them(personas, acme, api):
    # A script that only moves levels (say, from the team's own metrics) must
    # not wipe what the consultant wrote next to the answer.
    client = api(personas.bob)
    first = client.put(
        _url(acme),
        {"value": "2", "note": "Nightly build only", "evidence": "Confluence > CI", "version": 1},
        format="json",
    )
    assert first.status_code == 200
    moved = client.put(_url(acme), {"value": "3", "version": 2}, format="json")
    assert moved.status_code == 200, moved.content
    assert (moved.json()["note"], moved.json()["evidence"]) == (
        "Nightly build only",
        "Confluence > CI",
    )
    answer = Answer.objects.get(assessment=acme.assessment, question_key=acme.question)
    assert (answer.level, answer.note, answer.evidence) == (
        3,
        "Nightly build only",
        "Confluence > CI",
    )
    # N/A needs a note: the kept one counts.
    na = client.put(_url(acme), {"value": "na", "version": 3}, format="json")
    assert na.status_code == 200, na.content
    # Sent empty, they are cleared on purpose.
    cleared = client.put(
        _url(acme), {"value": "1", "note": "", "evidence": "", "version": 4}, format="json"
    )
    assert (cleared.json()["note"], cleared.json()["evidence"]) == ("", "")


def test_the_label_says_the_answer_in_words(personas, acme, api):
    client = api(personas.bob)
    body = client.put(_url(acme), {"value": "3", "version": 1}, format="json").json()
    framework = acme.assessment.framework.parsed
    answer = Answer.objects.get(assessment=acme.assessment, question_key=acme.question)
    assert body["label"] == answer.label(framework) != "Answered"
