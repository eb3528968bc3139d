"""The plan's actions through the API: the pages' rules, as JSON."""

from assessor.plans.models import Action


def url(acme=None, *rest, slug="acme"):
    base = f"/api/v1/orgs/{slug}/actions/"
    return base + (f"{acme.action.code}/" if acme else "") + "".join(f"{r}/" for r in rest)


def test_a_facilitator_creates_an_action_for_a_member(personas, dave, acme, api):
    body = {
        "assessment": str(acme.assessment.code),
        "title": "Gate merges on the test suite",
        "dimension": "ci_cd",
        "question_keys": [q.key for q in acme.assessment.framework.parsed.questions_of("ci_cd")][
            :1
        ],
        "owner": "BOB@example.org",
        "due_date": "2027-02-01",
        "target_level": 3,
    }
    r = api(dave).post(url(), body, format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["owner"] == "bob@example.org" and data["status"] == "todo"
    assert data["assessment"] == str(acme.assessment.code) and data["version"] == 1
    assert Action.objects.get(code=data["code"]).created_by == dave


def test_the_pages_rules_hold(personas, dave, acme, api):
    client = api(dave)
    r = client.post(url(), {"title": "x", "dimension": "no_such_area"}, format="json")
    assert r.status_code == 400 and "dimension" in r.json()["fields"]
    r = client.post(
        url(), {"title": "x", "dimension": "ci_cd", "owner": "x@nowhere.test"}, format="json"
    )
    assert r.status_code == 400 and "owner" in r.json()["fields"]
    r = client.post(url(), {"title": "x", "dimension": "ci_cd", "status": "dropped"}, format="json")
    assert r.status_code == 400 and "dropped_reason" in r.json()["fields"]
    assert Action.objects.count() == 1


def test_the_owning_participant_changes_the_status_only(personas, acme, api):
    client = api(personas.bob)
    r = client.patch(url(acme), {"status": "done", "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["version"] == 2
    r = client.patch(url(acme), {"title": "Mine now", "version": 2}, format="json")
    assert r.status_code == 403
    assert Action.objects.get().title == "Version the deployment scripts"


def test_a_stale_version_gets_409_with_the_current_action(personas, dave, acme, api):
    api(dave).patch(url(acme), {"due_date": "2027-01-15", "version": 1}, format="json")
    r = api(personas.bob).patch(url(acme), {"status": "doing", "version": 1}, format="json")
    assert r.status_code == 409
    assert r.json()["current"]["due_date"] == "2027-01-15"
    assert Action.objects.get().status == "todo"


def test_filters_and_history(personas, dave, acme, api):
    api(dave).patch(url(acme), {"status": "doing", "version": 1}, format="json")
    client = api(personas.carol)
    assert client.get(url(), {"status": "open"}).json()["count"] == 1
    assert client.get(url(), {"status": "done"}).json()["count"] == 0
    assert client.get(url(), {"owner": "bob@example.org"}).json()["count"] == 1
    assert client.get(url(), {"status": "nonsense"}).status_code == 400
    history = client.get(url(acme, "revisions")).json()["results"]
    assert [h["user"] for h in history] == ["dave@example.org", "alice@example.org"]
    assert history[0]["old"]["status"] == "todo" and history[0]["new"]["status"] == "doing"


def test_another_organizations_action_is_404(personas, acme, api):
    client = api(personas.charlie)
    assert client.get(url(acme)).status_code == 404
    assert client.get(url(acme, slug="bolt")).status_code == 404
    r = client.patch(url(acme, slug="bolt"), {"status": "done", "version": 1}, format="json")
    assert r.status_code == 404
