"""List endpoints cost the same few queries however many rows they show."""

import pytest

from accounts.models import Membership, Organization, User
from assessor import services
from assessor.models import Assessment
from reports.models import Report


@pytest.fixture
def many(personas, framework, acme):
    for n in range(12):
        services.assessment_start(
            organization=personas.org_a,
            framework=framework,
            title=f"Review {n}",
            scope="both",
            targets={},
            user=personas.alice,
        )
        user = User.objects.create_user(f"member{n}@example.org", "x" * 20)
        Membership.objects.create(user=user, organization=personas.org_a, role="viewer")
        org = Organization.objects.create(name=f"Client {n}", slug=f"client-{n}")
        Membership.objects.create(user=personas.alice, organization=org, role="owner")
        Report.objects.create(
            assessment=acme.assessment, number=n + 2, snapshot={}, requested_by=personas.alice
        )


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        ("/api/v1/orgs/", 13),
        ("/api/v1/orgs/acme/members/", 16),
        ("/api/v1/orgs/acme/assessments/", 13),
        ("/api/v1/orgs/acme/assessments/{code}/answers/", None),
        ("/api/v1/orgs/acme/assessments/{code}/reports/", 13),
    ],
)
def test_list_queries_stay_flat(
    path, rows, personas, acme, many, api, django_assert_max_num_queries
):
    client = api(personas.alice)
    url = path.format(code=acme.assessment.code)
    client.get(url)  # the once-a-minute token bookkeeping happens here
    # token, membership, count, page (+ the assessment for nested lists, + a
    # recovery check of the reports): never a query per row.
    with django_assert_max_num_queries(6):
        body = client.get(url).json()
    expected = rows if rows is not None else len(acme.assessment.question_keys())
    assert body["count"] == expected
    assert len(body["results"]) == min(expected, 50)
    if "assessments/" in path and path.endswith("assessments/"):
        titles = {r["title"] for r in body["results"]}
        assert "Review 11" in titles and Assessment.objects.count() == 13
