"""Answer-save latency against gunicorn, PostgreSQL and Redis on loopback.

Measures the wizard's htmx answer POST at 1 and 10 concurrent clients, next
to two yardsticks in the same run: the bare health view (one `SELECT 1`, no
session) and a minimal authenticated write (assessor/bench_views.py: the
session, the membership check, one UPDATE and one INSERT in a transaction, a
small fragment back). Prints p50/p95, requests per second and the p95
ratios. Goals at 10 clients: the save's p95 under 2x the minimal write and
under 5x the bare view.

    .venv/bin/python bench/answer_save.py [--seconds 8]
"""

import argparse
import http.client
import os
import re
import time

from _server import (
    bench_redis,
    free_port,
    gunicorn,
    run_clients,
    scratch_database,
    server_env,
    session_cookie,
    setup_django,
    summarize,
)

CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters, as Django expects
VERSION = re.compile(r'name="version" value="(\d+)"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Before setup_django, which keeps this process itself off Redis.
    redis_url = bench_redis()
    with scratch_database("assessor_bench") as database_url:
        setup_django(database_url)
        from accounts.models import Membership, Organization, User
        from assessor import services
        from assessor.models import Answer, Framework

        user = User.objects.create_user("bench@example.org", "x", full_name="Bench")
        org = Organization.objects.create(name="Bench", slug="bench")
        Membership.objects.create(user=user, organization=org, role="owner")
        assessment = services.assessment_start(
            organization=org,
            # The newest bank, as new assessments get.
            framework=Framework.objects.order_by("-version").first(),
            title="Bench",
            scope="both",
            targets={},
            user=user,
        )
        questions = [q.key for q in assessment.framework.parsed.scored_questions]
        # The minimal write updates answers that exist: its own assessment has them.
        yardstick = services.assessment_create(
            organization=org,
            framework=assessment.framework,
            title="Yardstick",
            scope="both",
            targets={},
            user=user,
            answers=[
                Answer(question_key=k, state=Answer.State.ANSWERED, level=0) for k in questions
            ],
        )
        cookie = f"{session_cookie(user)}; csrftoken={CSRF}"
        save_path = f"/orgs/bench/assessments/{assessment.code}/answer/"
        minimal_path = f"/bench/orgs/bench/assessments/{yardstick.code}/minimal-write/"
        port = free_port()

        def post(conn, path: str, body: str) -> tuple[int, str]:
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "X-CSRFToken": CSRF,
                    "HX-Request": "true",
                    "Referer": f"http://127.0.0.1:{port}/",
                },
            )
            response = conn.getresponse()
            return response.status, response.read().decode()

        def bare(i, stop_at, latencies):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.monotonic() < stop_at:
                t0 = time.perf_counter()
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                latencies.append(time.perf_counter() - t0)
                assert response.status == 200, response.status

        def save(i, stop_at, latencies):
            # Each client answers its own questions, as people in a workshop would.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine = questions[i::10]
            versions = dict.fromkeys(mine, 0)
            n = 0
            while time.monotonic() < stop_at:
                key = mine[n % len(mine)]
                # Each visit to a question changes its level: every save writes.
                level = (n // len(mine) + 1) % 5
                body = (
                    f"question={key}&value={level}&note=&evidence=&client=bench{i}"
                    f"&version={versions[key]}"
                )
                t0 = time.perf_counter()
                status, text = post(conn, save_path, body)
                latencies.append(time.perf_counter() - t0)
                assert status == 200, (status, text[:300])
                versions[key] = int(VERSION.search(text).group(1))
                n += 1

        def minimal(i, stop_at, latencies):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine = questions[i::10]
            n = 0
            while time.monotonic() < stop_at:
                body = f"question={mine[n % len(mine)]}&value={(n // len(mine) + 1) % 5}"
                t0 = time.perf_counter()
                status, text = post(conn, minimal_path, body)
                latencies.append(time.perf_counter() - t0)
                assert status == 200, (status, text[:300])
                n += 1

        env = server_env(database_url, port, args.workers)
        if redis_url:
            env["REDIS_URL"] = redis_url
        load = os.getloadavg()
        with gunicorn(env, port):
            results = {}
            for clients in (1, 10):
                for name, work in (
                    ("bare view", bare),
                    ("minimal write", minimal),
                    ("answer save", save),
                ):
                    run_clients(clients, 1.0, work)  # warm up
                    latencies, seconds = run_clients(clients, args.seconds, work)
                    results[(name, clients)] = summarize(latencies, seconds)

    print(
        f"answer save vs minimal write vs bare view, gunicorn x{args.workers} + PostgreSQL"
        f"{' + Redis' if redis_url else ' (Redis OFF)'}, loopback, load average "
        f"{load[0]:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print(f"{'':14}{'clients':>8}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
    for (name, clients), r in results.items():
        print(f"{name:14}{clients:>8}{r['n']:>10}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['rps']:>9.0f}")
    save = results[("answer save", 10)]["p95"]
    for name, goal in (("minimal write", 2), ("bare view", 5)):
        ratio = save / results[(name, 10)]["p95"]
        verdict = "met" if ratio < goal else "MISSED"
        print(f"p95 ratio save/{name} at 10 clients: {ratio:.2f}x (goal < {goal}x: {verdict})")


if __name__ == "__main__":
    main()
