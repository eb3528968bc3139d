"""Every operation of the API schema, for every role, another organization,
no token and a read-only token.

The operations are read from the schema itself, and what each role may do
from its x-required-permission; a new endpoint is tested here without
anyone remembering to (and fails until it has a request body below, if it
takes one).
"""

import pytest

from accounts.models import Membership
from assessor.api.docs import PERMISSION_KEY
from tests.api.conftest import api_schema

ROLES = ("owner", "facilitator", "participant", "viewer")
# What each permission of accounts/access.py allows, by role.
ALLOWED = {
    "member": {"owner", "facilitator", "participant", "viewer"},
    "can_answer": {"owner", "facilitator", "participant"},
    "can_facilitate": {"owner", "facilitator"},
    "can_manage_members": {"owner"},
    # Facilitators and owners change every action, a participant those they
    # own: the fixture's action is bob's (tests/plans/ has the other cases).
    "can_update_action": {"owner", "facilitator", "participant"},
}
# A valid body per writing operation; a new one must be added here.
BODIES = {
    "assessment_start": {"title": "Started through the API", "scope": "devops"},
    "assessment_complete": None,
    "assessment_change": {"language": "en"},
    "answer_write": {"value": "3", "note": "From the API", "version": 1},
    "report_request": {"pdfa": False},
    "action_create": {"title": "Automate the release checklist", "dimension": "ci_cd"},
    "action_update": {"status": "doing", "version": 1},
}
SCHEMA = api_schema()
OPERATIONS = [
    (path, method, op)
    for path, methods in SCHEMA["paths"].items()
    for method, op in methods.items()
    if method in ("get", "post", "put", "patch", "delete")
]
IDS = [op["operationId"] for _, _, op in OPERATIONS]
# Operations under an organization: the ones another organization must not reach.
ORG_OPERATIONS = [o for o in OPERATIONS if "{slug}" in o[0]]
ORG_IDS = [op["operationId"] for _, _, op in ORG_OPERATIONS]


def url_of(path: str, acme, slug: str = "acme") -> str:
    return path.format(
        slug=slug,
        code=acme.assessment.code,
        key=acme.question,
        report_code=acme.report.code,
        action_code=acme.action.code,
    )


def success_of(op: dict) -> int:
    return min(int(code) for code in op["responses"] if code.startswith("2"))


def call(client, method: str, url: str, op: dict):
    body = BODIES.get(op["operationId"]) if method != "get" else None
    return getattr(client, method)(url, body, format="json")


def test_the_schema_lists_every_resource():
    ids = set(IDS)
    assert {
        "organizations_list",
        "members_list",
        "assessments_list",
        "assessment_start",
        "assessment_complete",
        "assessment_change",
        "answers_list",
        "answer_read",
        "answer_write",
        "results_read",
        "reports_list",
        "report_request",
        "report_read",
        "report_download",
        "actions_list",
        "action_create",
        "action_read",
        "action_update",
        "action_revisions_list",
    } <= ids
    assert len(ids) == len(IDS), "operation ids are unique"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_writing_operation_has_a_body(path, method, op):
    if method != "get":
        assert op["operationId"] in BODIES, f"add a request body for {op['operationId']}"
    assert op.get(PERMISSION_KEY) in ALLOWED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_each_role_gets_what_its_permission_allows(
    role, path, method, op, personas, dave, acme, api
):
    user = {
        "owner": personas.alice,
        "facilitator": dave,
        "participant": personas.bob,
        "viewer": personas.carol,
    }[role]
    assert personas.membership(user, personas.org_a).role == role
    response = call(api(user), method, url_of(path, acme), op)
    if role in ALLOWED[op[PERMISSION_KEY]]:
        assert response.status_code == success_of(op), response.content[:300]
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(("path", "method", "op"), ORG_OPERATIONS, ids=ORG_IDS)
def test_another_organization_gets_404(path, method, op, personas, acme, api, other_assessment):
    # Charlie owns Bolt: the highest role, but of the wrong organization.
    response = call(api(personas.charlie), method, url_of(path, acme), op)
    assert response.status_code == 404
    # The same objects under his own organization's slug are not found either;
    # what names no object (Bolt's lists) is his own.
    response = call(api(personas.charlie), method, url_of(path, acme, slug="bolt"), op)
    names_an_object = "{code}" in path or "{action_code}" in path
    assert response.status_code == 404 if names_an_object else response.status_code < 400


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_no_token_gets_401(path, method, op, acme, api):
    response = call(api(), method, url_of(path, acme), op)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_read_only_token_cannot_write(path, method, op, personas, acme, api):
    response = call(api(personas.alice, scope="read"), method, url_of(path, acme), op)
    if method == "get":
        assert response.status_code == success_of(op)
    else:
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]


def test_membership_role_names_match():
    assert set(ROLES) == {r.value for r in Membership.Role}
