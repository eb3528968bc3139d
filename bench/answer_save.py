"""Answer-save latency against gunicorn and PostgreSQL on loopback.

Measures the wizard's htmx answer POST at 1 and 10 concurrent clients, next
to the bare health view (one `SELECT 1`) in the same run, and prints
p50/p95, requests per second and the p95 ratio. Goal: p95 of a save under
3x the bare view at 10 clients.

    .venv/bin/python bench/answer_save.py [--seconds 8]
"""

import argparse
import http.client
import re
import time

from _server import (
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

    with scratch_database("assessor_bench") as database_url:
        setup_django(database_url)
        from accounts.models import Membership, Organization, User
        from assessor import services
        from assessor.models import Framework

        user = User.objects.create_user("bench@example.org", "x", full_name="Bench")
        org = Organization.objects.create(name="Bench", slug="bench")
        Membership.objects.create(user=user, organization=org, role="owner")
        assessment = services.assessment_start(
            organization=org,
            framework=Framework.objects.get(),
            title="Bench",
            scope="both",
            targets={},
            user=user,
        )
        questions = [q.key for q in assessment.framework.parsed.scored_questions]
        cookie = f"{session_cookie(user)}; csrftoken={CSRF}"
        save_path = f"/orgs/bench/assessments/{assessment.code}/answer/"
        port = free_port()

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
                body = (
                    f"question={key}&value={n % 5}&note=&evidence=&client=bench{i}"
                    f"&version={versions[key]}"
                )
                t0 = time.perf_counter()
                conn.request(
                    "POST",
                    save_path,
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
                text = response.read().decode()
                latencies.append(time.perf_counter() - t0)
                assert response.status == 200, (response.status, text[:300])
                versions[key] = int(VERSION.search(text).group(1))
                n += 1

        with gunicorn(server_env(database_url, port, args.workers), port):
            results = {}
            for clients in (1, 10):
                for name, work in (("bare view", bare), ("answer save", save)):
                    run_clients(clients, 1.0, work)  # warm up
                    latencies, seconds = run_clients(clients, args.seconds, work)
                    results[(name, clients)] = summarize(latencies, seconds)

    print(f"answer save vs bare view, gunicorn x{args.workers} + PostgreSQL, loopback")
    print(f"{'':14}{'clients':>8}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
    for (name, clients), r in results.items():
        print(f"{name:14}{clients:>8}{r['n']:>10}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['rps']:>9.0f}")
    ratio = results[("answer save", 10)]["p95"] / results[("bare view", 10)]["p95"]
    print(f"p95 ratio save/bare at 10 clients: {ratio:.2f}x (goal < 3x)")


if __name__ == "__main__":
    main()
