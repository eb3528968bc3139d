"""Results through the API beside the results page, against gunicorn and
PostgreSQL on loopback.

Both score the same fully answered assessment on every request; the API
returns the brain's scorecard and advice as JSON, the page renders them with
charts. Prints p50/p95 and requests per second at 1 and 10 clients.

    .venv/bin/python bench/api_results.py [--seconds 8]
"""

import argparse

from _server import (
    free_port,
    gunicorn,
    measure_gets,
    print_gets,
    scratch_database,
    server_env,
    session_cookie,
    setup_django,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with scratch_database("assessor_bench") as database_url:
        setup_django(database_url)
        from accounts import tokens
        from accounts.models import Membership, Organization, User
        from assessor import services
        from assessor.models import Answer, Framework

        user = User.objects.create_user("bench@example.org", "x", full_name="Bench")
        org = Organization.objects.create(name="Bench", slug="bench", regulated=True)
        Membership.objects.create(user=user, organization=org, role="owner")
        assessment = services.assessment_start(
            organization=org,
            framework=Framework.objects.order_by("-version").first(),
            title="Bench",
            scope="both",
            targets={},
            user=user,
        )
        framework = assessment.framework.parsed
        Answer.objects.bulk_create(
            [
                Answer(assessment=assessment, question_key=q.key, state="answered", level=n % 5)
                for n, q in enumerate(framework.scored_questions)
            ]
            + [
                Answer(assessment=assessment, question_key=q.key, choice=q.choices[0].key)
                for q in framework.context_questions
            ]
        )
        _, secret = tokens.token_create(user=user, name="bench", scope="read", expires_at=None)
        cookie = session_cookie(user)
        page = f"/orgs/bench/assessments/{assessment.code}/results/"
        paths = {
            "results page": (page, {"Cookie": cookie}),
            "API results": (f"/api/v1{page}", {"Authorization": f"Bearer {secret}"}),
        }
        port = free_port()
        env = server_env(database_url, port, args.workers)
        # The benchmark measures the view, not the rate limit.
        env["API_RATE_LIMIT"] = "1000000/minute"
        with gunicorn(env, port):
            results = measure_gets(port, paths, args.seconds)

    print_gets(
        f"GET results: API vs page, gunicorn x{args.workers} + PostgreSQL, loopback", results
    )
    ratio = results[("API results", 10)]["p95"] / results[("results page", 10)]["p95"]
    print(f"p95 ratio API/page at 10 clients: {ratio:.2f}x")


if __name__ == "__main__":
    main()
