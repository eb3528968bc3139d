"""The plan page with 500 actions beside the organization page, against
gunicorn and PostgreSQL on loopback.

One organization with 6 assessments (the organization page lists them) and
500 actions on their plans, owned by members and by people without an
account, some overdue. Both pages are read as the organization's owner.
Prints p50/p95 and requests per second at 1 and 10 clients.

    .venv/bin/python bench/plan_page.py [--seconds 8] [--actions 500]
"""

import argparse
from datetime import timedelta

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
    parser.add_argument("--actions", type=int, default=500)
    args = parser.parse_args()

    with scratch_database("assessor_bench") as database_url:
        setup_django(database_url)
        from django.utils import timezone

        from accounts.models import Membership, Organization, User
        from assessor import services
        from assessor.models import Framework
        from assessor.plans.models import Action

        org = Organization.objects.create(name="Bench", slug="bench", regulated=True)
        members = []
        for n, role in enumerate(["owner", "facilitator", "participant", "participant"]):
            user = User.objects.create_user(f"m{n}@example.org", "x", full_name=f"Member {n}")
            Membership.objects.create(user=user, organization=org, role=role)
            members.append(user)
        framework = Framework.objects.order_by("-version").first()
        assessments = [
            services.assessment_start(
                organization=org,
                framework=framework,
                title=f"Assessment {n}",
                scope="both",
                targets={},
                user=members[0],
            )
            for n in range(6)
        ]
        questions = framework.parsed.scored_questions
        today = timezone.localdate()
        Action.objects.bulk_create(
            Action(
                organization=org,
                assessment=assessments[n % len(assessments)],
                created_from=assessments[n % len(assessments)],
                title=f"Action {n}: {questions[n % len(questions)].levels[0].next_step[:80]}",
                dimension=questions[n % len(questions)].dimension,
                question_keys=[questions[n % len(questions)].key],
                owner=members[n % 4] if n % 3 else None,
                owner_name="" if n % 3 else f"Outside person {n % 9}",
                due_date=today + timedelta(days=n % 120 - 30),
                status=["todo", "doing", "done"][n % 3],
            )
            for n in range(args.actions)
        )
        cookie = {"Cookie": session_cookie(members[0])}
        paths = {
            "organization": ("/orgs/bench/", cookie),
            "plan": ("/orgs/bench/plan/", cookie),
            "plan, overdue": ("/orgs/bench/plan/?status=overdue", cookie),
        }
        port = free_port()
        with gunicorn(server_env(database_url, port, args.workers), port):
            results = measure_gets(port, paths, args.seconds)

    print_gets(
        f"GET the plan page ({args.actions} actions) beside the organization page, "
        f"gunicorn x{args.workers} + PostgreSQL, loopback",
        results,
    )
    ratio = results[("plan", 10)]["p95"] / results[("organization", 10)]["p95"]
    print(f"p95 ratio plan/organization at 10 clients: {ratio:.2f}x")


if __name__ == "__main__":
    main()
