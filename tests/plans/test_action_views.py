"""A new action (pre-filled from the bank) and one action's page: who may
create, read and change what."""

from django.urls import reverse

from assessor.plans.models import Action, ActionRevision


def new_url(slug="acme", **query):
    base = reverse("plans:action_new", args=[slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def action_url(action, slug="acme"):
    return reverse("plans:action", args=[slug, action.code])


def form_data(planned, **changes):
    data = {
        "assessment": str(planned.assessment.code),
        "title": "Automate the release checklist",
        "description": "",
        "dimension": planned.dimension,
        "question_keys": [planned.question],
        "owner": "",
        "owner_name": "Nina Contractor",
        "due_date": "2027-03-31",
        "status": "todo",
        "dropped_reason": "",
        "target_level": "3",
    }
    return {**data, **changes}


def test_a_question_prefills_the_banks_next_step(login, personas, planned):
    framework = planned.assessment.framework.parsed
    question = framework.question(planned.question)
    level = planned.assessment.answers.get(question_key=planned.question).level
    r = login(personas.alice).get(
        new_url(assessment=planned.assessment.code, question=question.key)
    )
    assert r.status_code == 200
    next_step = " ".join(question.levels[level].next_step.split())
    assert next_step[:40] in r.text
    assert f'value="{min(level + 1, 4)}" selected' in r.text


def test_a_roadmap_item_prefills_its_next_steps(login, personas, planned):
    advice = planned.assessment.results().advice
    item = advice.phases[0].items[0]
    r = login(personas.alice).get(new_url(assessment=planned.assessment.code, item=item.dimension))
    assert r.status_code == 200
    for step in item.next_steps:
        assert f'value="{step.question}" checked' in r.text or (
            f'value="{step.question}"' in r.text and "checked" in r.text
        )
    assert item.title in r.text


def test_an_unknown_question_or_item_is_a_404(login, personas, planned):
    client = login(personas.alice)
    code = planned.assessment.code
    assert client.get(new_url(assessment=code, question="no_such")).status_code == 404
    assert client.get(new_url(assessment=code, item="no_such")).status_code == 404
    assert client.get(new_url(assessment="not-a-uuid")).status_code == 404


def test_a_facilitator_creates_an_action(login, fred, personas, planned):
    r = login(fred).post(new_url(), form_data(planned))
    action = Action.objects.get(title="Automate the release checklist")
    assert r.status_code == 302 and r["Location"] == action_url(action)
    assert action.owner_name == "Nina Contractor" and action.owner is None
    assert action.created_by == fred and action.assessment == planned.assessment
    assert action.revisions.get().old is None


def test_it_returns_to_the_page_it_was_opened_from(login, personas, planned):
    results = reverse("assessor:results", args=["acme", planned.assessment.code])
    r = login(personas.alice).post(new_url(), form_data(planned, next=results))
    assert r["Location"] == results
    r = login(personas.alice).post(new_url(), form_data(planned, next="https://evil.example/"))
    assert r["Location"].startswith("/orgs/acme/plan/")


def test_participants_and_viewers_cannot_create(login, personas, planned):
    for user in (personas.bob, personas.carol):
        assert login(user).post(new_url(), form_data(planned)).status_code == 403
    assert Action.objects.count() == 1


def test_charlie_gets_404(login, personas, planned):
    client = login(personas.charlie)
    assert client.get(action_url(planned.action)).status_code == 404
    assert client.post(action_url(planned.action), {"status": "done"}).status_code == 404
    assert client.get(action_url(planned.action, slug="bolt")).status_code == 404
    assert client.post(new_url(), form_data(planned)).status_code == 404
    assert client.post(new_url("bolt"), form_data(planned)).status_code == 404


def test_a_viewer_reads_but_cannot_edit(login, personas, planned):
    client = login(personas.carol)
    r = client.get(action_url(planned.action))
    assert r.status_code == 200 and "Version the deployment scripts" in r.text
    assert 'name="version"' not in r.text
    r = client.post(action_url(planned.action), {"status": "done", "version": 1})
    assert r.status_code == 403
    planned.action.refresh_from_db()
    assert planned.action.status == "todo"


def test_the_owning_participant_updates_the_status(login, personas, planned):
    client = login(personas.bob)
    r = client.get(action_url(planned.action))
    assert 'name="status"' in r.text and 'name="title"' not in r.text
    r = client.post(
        action_url(planned.action),
        {"status": "done", "version": 1, "description": "Scripts in Git", "due_date": ""},
    )
    assert r.status_code == 302
    planned.action.refresh_from_db()
    assert planned.action.status == "done" and planned.action.closed_at is not None
    assert planned.action.title == "Version the deployment scripts"


def test_a_participant_cannot_update_someone_elses_action(login, personas, planned):
    planned.action.owner = personas.alice
    planned.action.save()
    r = login(personas.bob).post(action_url(planned.action), {"status": "done", "version": 1})
    assert r.status_code == 403


def test_dropping_needs_a_reason(login, personas, planned):
    client = login(personas.alice)
    data = form_data(planned, status="dropped", title=planned.action.title, version=1)
    r = client.post(action_url(planned.action), data)
    assert r.status_code == 422 and "Say why the action is dropped." in r.text
    r = client.post(action_url(planned.action), {**data, "dropped_reason": "Vendor does it"})
    assert r.status_code == 302
    planned.action.refresh_from_db()
    assert planned.action.status_label() == "Dropped: Vendor does it"


def test_a_stale_edit_is_refused_and_shows_the_newer_version(login, personas, planned):
    client = login(personas.alice)
    data = form_data(planned, title="First edit", version=1)
    assert client.post(action_url(planned.action), data).status_code == 302
    r = client.post(action_url(planned.action), {**data, "title": "Stale edit"})
    assert r.status_code == 409 and "Someone else changed this action" in r.text
    planned.action.refresh_from_db()
    assert planned.action.title == "First edit"


def test_the_history_says_who_changed_what(login, personas, planned):
    client = login(personas.bob)
    client.post(action_url(planned.action), {"status": "doing", "version": 1})
    r = login(personas.carol).get(action_url(planned.action))
    assert "Bob Participant" in r.text
    assert "To do" in r.text and "Doing" in r.text
    assert ActionRevision.objects.filter(action=planned.action).count() == 2


def test_an_action_outlives_the_organizations_last_assessment(login, personas, planned):
    # Deleting an assessment keeps its plan's actions, and the plan page
    # still lists them: their own page must open too, not answer 404.
    planned.assessment.delete()
    client = login(personas.alice)
    assert planned.action.title in client.get(reverse("plans:plan", args=["acme"])).text

    page = client.get(action_url(planned.action))

    assert page.status_code == 200
    assert planned.action.title in page.text
    r = client.post(action_url(planned.action), form_data(planned, status="doing", version="1"))
    assert r.status_code == 302
    planned.action.refresh_from_db()
    assert planned.action.status == "doing"
