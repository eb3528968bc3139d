"""Schemathesis against the live API: property-based requests generated from
our OpenAPI schema, sent to gunicorn over loopback with a member's token.
No 5xx, and every response matches the schema. Bounded to about 2 minutes."""

import json
import re
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from drf_spectacular.generators import SchemaGenerator

from accounts import tokens
from assessor.plans import services as plan_services
from reports.models import Report
from tests.api.conftest import PDF, answer_some
from tests.api.live import gunicorn, need_live_services

pytestmark = pytest.mark.services


@pytest.fixture
def acme_live(transactional_db, personas, framework):
    from assessor import services

    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Platform readiness 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_some(assessment, personas.alice)
    first = assessment.framework.parsed.scored_questions[0]
    plan_services.action_create(
        organization=personas.org_a,
        assessment=assessment,
        user=personas.alice,
        title="Version the deployment scripts",
        dimension=first.dimension,
        question_keys=[first.key],
    )
    return assessment


def test_the_live_api_keeps_its_schema(acme_live, personas, tmp_path, settings):
    need_live_services()
    # A ready report whose file gunicorn serves from the same media folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    report = Report.objects.create(
        assessment=acme_live,
        number=1,
        snapshot={"assessment": {"title": acme_live.title}, "organization": {"name": "Acme"}},
        status=Report.Status.READY,
        requested_by=personas.alice,
    )
    report.file.save(report.storage_name, ContentFile(PDF))
    _, secret = tokens.token_create(
        user=personas.alice, name="schemathesis", scope="write", expires_at=None
    )
    question = acme_live.framework.parsed.scored_questions[0].key
    config = tmp_path / "schemathesis.toml"
    # Real objects for the path parameters, so requests reach past the 404s;
    # the query and body parameters are generated.
    config.write_text(
        "[parameters]\n"
        + "".join(
            f'"path.{name}" = {json.dumps(value)}\n'
            for name, value in {
                "slug": "acme",
                "code": str(acme_live.code),
                "key": question,
                "report_code": str(report.code),
                "action_code": str(acme_live.actions.get().code),
            }.items()
        )
    )
    with gunicorn(tmp_path, workers=2, API_RATE_LIMIT="100000/minute") as base:
        run = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "--config-file", str(config),
                "run", f"{base}/api/v1/schema/",
                "--header", f"Authorization: Bearer {secret}",
                "--checks", "not_a_server_error,status_code_conformance,"
                "content_type_conformance,response_schema_conformance",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", "25",
                "--max-time", "120",
                # One worker: two threads of Hypothesis parsing lambdas at once hit
                # CPython 3.11's "AST constructor recursion depth mismatch" bug.
                "--workers", "1",
                "--seed", "15",
                "--request-timeout", "20",
                "--generation-database", "none",
            ],
            capture_output=True, text=True, timeout=300,
            cwd=tmp_path,  # its cache folder goes there, not into the repository
        )  # fmt: skip
    output = run.stdout + run.stderr
    print(output[-8000:])
    assert run.returncode == 0, output[-8000:]
    # It really exercised every operation (not an empty run).
    operations = len(SchemaGenerator().get_schema(request=None, public=True)["paths"])
    assert re.search(r"Tested: (\d+)", output)
    assert int(re.search(r"Tested: (\d+)", output).group(1)) >= operations
    # --max-time caps the run, so how many cases fit depends on the machine's
    # load; ten an operation still shows each was fuzzed, not just touched.
    generated = int(re.search(r"(\d+) generated, \1 passed", output).group(1))
    assert generated >= 10 * operations, output[-2000:]
