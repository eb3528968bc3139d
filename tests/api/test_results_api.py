"""Results and reports through the API: what the results page shows."""

from assessor.models import Assessment


def test_results_carry_scores_confidence_path_and_roadmap(personas, acme, api):
    a = acme.assessment
    body = api(personas.carol).get(f"/api/v1/orgs/acme/assessments/{a.code}/results/").json()
    outcome = Assessment.objects.get(pk=a.pk).results()
    assert body["provisional"] is True
    assert (body["answered"], body["total"]) == (6, len(a.question_keys()))
    # Whatever the brain returns, as it returns it.
    assert body["scorecard"] == _json(outcome.scorecard.to_dict())
    assert body["advice"] == _json(outcome.advice.to_dict())
    assert body["advice"]["path"]["outcome"] == a.headline["path"]


def _json(data):
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return json.loads(json.dumps(data, cls=JSONEncoder))


def test_start_an_assessment_with_targets(personas, framework, api, dave):
    dimension = framework.parsed.dimensions[0].key
    response = api(dave).post(
        "/api/v1/orgs/acme/assessments/",
        {"title": "Spring review", "scope": "both", "targets": {dimension: 3}},
        format="json",
    )
    assert response.status_code == 201, response.content
    assessment = Assessment.objects.get(code=response.json()["code"])
    assert assessment.targets == {dimension: 3}
    assert assessment.created_by == dave
    assert assessment.events.get().action == "started"


def test_start_refuses_unknown_banks_and_practice_areas(personas, framework, api):
    client = api(personas.alice)
    url = "/api/v1/orgs/acme/assessments/"
    bad_bank = client.post(url, {"title": "x", "framework_key": "nope"}, format="json")
    assert bad_bank.status_code == 400 and "framework_key" in bad_bank.json()["fields"]
    bad_area = client.post(url, {"title": "x", "targets": {"nope": 2}}, format="json")
    assert bad_area.status_code == 400 and "targets" in bad_area.json()["fields"]
    no_title = client.post(url, {}, format="json")
    assert no_title.json()["fields"]["title"] == ["This field is required."]
    assert Assessment.objects.count() == 0


def test_report_download_is_the_stored_file(personas, acme, api):
    a, r = acme.assessment, acme.report
    base = f"/api/v1/orgs/acme/assessments/{a.code}/reports/"
    listed = api(personas.carol).get(base).json()["results"]
    assert listed[0]["download"] == f"{base}{r.code}/download/"
    response = api(personas.carol).get(listed[0]["download"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
