"""CPU per request of the workshop's and the wizard's hot paths, in process.

Usage (from the repository root):
    .venv/bin/python bench/workshop_cpu.py [-n 200] [--profile vote]

The load benchmarks (bench/workshop_load.py, bench/answer_save.py) say how
long a room waits; this one says where a request's CPU goes, which is what
decides how many phones two cores serve. It creates a scratch database (as
the other benchmarks do), uses Redis as production does (BENCH_REDIS or
REDIS_URL: sessions and the workshop's cached stage) and sends each request
through the WSGI application gunicorn serves, with production settings (DEBUG off, the
whole middleware stack, CSRF checked), no HTTP server and no network in
between. For each operation it prints the process CPU time per request
(p50 of N), the wall time, the SQL statements, and where the CPU goes
(pyinstrument's samples on the process CPU clock, grouped by what they were
doing: SQL, templates, sessions and auth, the middleware, forms, Redis, the
view's own code).
PostgreSQL's own CPU is not in these figures (workshop_load.py counts it).

The operations:
- unchanged poll: a phone's poll that finds nothing changed (304);
- changed poll: a phone's poll after a move, the slide already drawn for
  another phone (what 999 of 1,000 phones pay after each move);
- first poll after a move: the first phone to poll after the move;
- vote: a phone casting or changing its vote;
- answer save: the wizard's htmx answer POST;
- minimal write, bare view: the yardsticks of bench/answer_save.py.

Without PostgreSQL it says so and exits 0 (1 under CI=true).
"""

import argparse
import os
import re
import statistics
import sys
import time
import uuid

from _server import bench_redis, postgres_unreachable, scratch_database, session_cookie

CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters, as Django expects
VERSION = re.compile(r'name="version" value="(\d+)"')
ETAG = re.compile(r"^\"p(\d+)\"$")
# Where a sample's CPU goes: the innermost frame that matches names it (a
# query run from a template counts as SQL, not as rendering).
CATEGORIES = [
    ("SQL (ORM + driver)", ("/django/db/", "/psycopg/", "/psycopg_pool/")),
    ("Redis", ("/redis/",)),
    ("templates", ("/django/template/", "/template_partials/")),
    ("forms", ("/django/forms/",)),
    ("sessions + auth", ("/django/contrib/sessions/", "/django/contrib/auth/", "/axes/")),
    ("URL resolving", ("/django/urls/",)),
    ("question bank", ("/assessor/frameworks/",)),
    ("middleware", ("middleware", "/csp/", "/django_prometheus/", "/whitenoise/")),
    ("request/response", ("/django/http/", "/django/core/handlers/", "/django/core/signing")),
]
OTHER = "view code + the rest"
# Decorators around a view name no category: the view inside login_required
# is the view's own work, not authentication's.
TRANSPARENT = ("/django/contrib/auth/decorators.py", "/django/views/decorators/")
# The frame that calls the view: what it calls starts again as view code
# (middleware, URL resolving and templates still name themselves).
VIEW_CALLER = "/django/core/handlers/base.py:_get_response"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="requests per operation")
    parser.add_argument(
        "--profile", default="", metavar="OPERATION", help="also print pyinstrument's tree of one"
    )
    args = parser.parse_args()
    n = max(20, min(args.n, 5000))

    problem = postgres_unreachable()
    if problem:
        print(f"workshop cpu: skipped, {problem}")
        return 1 if os.environ.get("CI") else 0
    redis_url = bench_redis()
    with scratch_database("assessor_bench") as database_url:
        _setup(database_url, redis_url)
        run(n, redis_url, args.profile)
    return 0


def _setup(database_url: str, redis_url: str) -> None:
    """Production settings in this process, on the scratch database and Redis."""
    from _server import BENCH_SECRET, ROOT

    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY=BENCH_SECRET,
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        BENCHMARK_VIEWS="1",
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="assessor.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_frameworks", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


class Requests:
    """WSGI environs for the application gunicorn serves (assessor/wsgi.py:
    the front layer for unchanged polls, then Django), as gunicorn passes them."""

    def __init__(self) -> None:
        from django.test import RequestFactory

        from assessor.wsgi import application

        class Environs(RequestFactory):
            def request(self, **request):
                return self._base_environ(**request)

        self.app = application
        self.environs = Environs()

    def send(self, method: str, path: str, cookies: dict, data=None, **headers) -> tuple:
        """(status, headers, body) of one request, and its CPU and wall seconds."""
        headers = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        headers["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if method == "POST":
            headers["HTTP_X_CSRFTOKEN"] = cookies.get("csrftoken", "")
            environ = self.environs.post(path, data or {}, **headers)
        else:
            environ = self.environs.get(path, **headers)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = response_headers

        cpu, wall = time.process_time(), time.perf_counter()
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):  # as a WSGI server does
                result.close()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        for name, value in answer["headers"]:
            if name == "Set-Cookie":
                key, _, rest = value.strip().partition("=")
                cookies[key] = rest.split(";", 1)[0]
        return (answer["status"], dict(answer["headers"]), body.decode()), cpu, wall


def run(n: int, redis_url: str, profile: str) -> None:
    from django.db import connection
    from django.urls import reverse

    from accounts.models import Membership, Organization, User
    from assessor import services as assessor_services
    from assessor.models import Answer, Framework
    from assessor.workshops import services
    from assessor.workshops.models import Workshop

    user = User.objects.create_user("bench@example.org", uuid.uuid4().hex, full_name="Bench")
    org = Organization.objects.create(name="Bench", slug="bench")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.OWNER)
    framework = Framework.objects.get(key="devops-mlops-readiness", version=1)
    start = dict(organization=org, framework=framework, scope="both", targets={}, user=user)
    assessment = assessor_services.assessment_start(title="Workshop", **start)
    wizard = assessor_services.assessment_start(title="Wizard", **start)
    questions = [q.key for q in wizard.framework.parsed.scored_questions]
    yardstick = assessor_services.assessment_create(
        title="Yardstick",
        answers=[Answer(question_key=k, state=Answer.State.ANSWERED, level=0) for k in questions],
        **start,
    )
    workshop = services.workshop_open(assessment=assessment, user=user)
    parsed = assessment.framework.parsed
    keys = [k for k in workshop.question_keys() if not parsed.has_context_question(k)]
    services.workshop_go(workshop=workshop, key=keys[0])

    http = Requests()
    member = {"csrftoken": CSRF, **dict([session_cookie(user).split("=", 1)])}
    phones = []
    for i in range(20):
        cookies = {}
        http.send("GET", "/join/", cookies)
        (status, headers, _), _, _ = http.send(
            "POST", "/join/", cookies, {"code": workshop.join_code, "name": f"Phone {i}"}
        )
        assert status == 302, status
        phones.append(cookies)
    stage = workshop.participant_url()
    vote_url = reverse("workshops:vote", args=[workshop.code])
    go_url = reverse("workshops:go", args=[org.slug, assessment.code, workshop.code])
    answer_url = reverse("assessor:answer", args=[org.slug, wizard.code])
    minimal_url = f"/bench/orgs/{org.slug}/assessments/{yardstick.code}/minimal-write/"
    htmx = {"HX-Request": "true"}

    def current_etag() -> str:
        return f'"p{Workshop.objects.get(pk=workshop.pk).version}"'

    moves = {"n": 0}

    def move() -> None:
        moves["n"] += 1
        (status, _, _), _, _ = http.send(
            "POST", go_url, member, {"to": keys[moves["n"] % 2]}, **htmx
        )
        assert status == 200, status

    def unchanged(i):
        return http.send("GET", stage, phones[i % 20], **htmx, If_None_Match=etag["now"]), 304

    def changed(i):
        return http.send("GET", stage, phones[i % 20], **htmx, If_None_Match='"p0"'), 200

    def first_after_move(i):
        return http.send("GET", stage, phones[i % 20], **htmx, If_None_Match='"p0"'), 200

    def vote(i):
        key = keys[moves["n"] % 2]
        data = {"question": key, "choice": str(i % 5), "comment": "why" if i % 3 else ""}
        return http.send("POST", vote_url, phones[i % 20], data, **htmx), 200

    versions: dict[str, int] = {}

    def save(i):
        key = questions[i % len(questions)]
        data = {
            "question": key,
            "value": str((i // len(questions) + 1) % 5),
            "note": "",
            "evidence": "",
            "client": "bench",
            "version": str(versions.get(key, 0)),
        }
        sent = http.send("POST", answer_url, member, data, **htmx)
        versions[key] = int(VERSION.search(sent[0][2]).group(1))
        return sent, 200

    def minimal(i):
        data = {"question": questions[i % len(questions)], "value": str(i % 5)}
        return http.send("POST", minimal_url, member, data, **htmx), 200

    def bare(i):
        return http.send("GET", "/healthz", {}), 200

    operations = [
        ("unchanged poll", unchanged, None),
        ("changed poll", changed, None),
        ("first poll after a move", first_after_move, move),
        ("vote", vote, None),
        ("answer save", save, None),
        ("minimal write", minimal, None),
        ("bare view", bare, None),
    ]
    etag = {"now": current_etag()}
    # Warm up every path (imports, template loading, connections).
    for _, op, before in operations:
        for i in range(5):
            if before:
                before()
            op(i)
    etag["now"] = current_etag()

    counted = {"n": 0}

    def count(execute, sql, params, many, context):
        counted["n"] += 1
        return execute(sql, params, many, context)

    load = os.getloadavg()
    results = {}
    for name, op, before in operations:
        cpus, walls, queries = [], [], []
        for i in range(n):
            if before:
                before()
            counted["n"] = 0
            with connection.execute_wrapper(count):
                ((status, _, body), cpu, wall), expected = op(i)
            assert status == expected, (name, status, body[:300])
            cpus.append(cpu * 1000)
            walls.append(wall * 1000)
            queries.append(counted["n"])
        shares = _breakdown(op, before, n, profile == name)
        results[name] = (statistics.median(cpus), statistics.median(walls), queries, shares)

    print(
        "CPU per request in process (the WSGI application gunicorn serves, "
        f"production settings, PostgreSQL"
        f"{' + Redis' if redis_url else ', Redis OFF'}), p50 of {n}, load average "
        f"{load[0]:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print(f"{'':26}{'CPU ms':>8}{'wall ms':>9}{'queries':>9}")
    for name, (cpu, wall, queries, _) in results.items():
        print(f"{name:26}{cpu:>8.2f}{wall:>9.2f}{statistics.median(queries):>9.0f}")
    print("where the CPU goes (ms of the p50 above, by pyinstrument's samples on the CPU clock):")
    for name, (cpu, _, _, shares) in results.items():
        parts = ", ".join(f"{k} {cpu * v:.2f}" for k, v in shares if cpu * v >= 0.05)
        print(f"  {name}: {parts}")


def _breakdown(op, before, n: int, show_tree: bool) -> list[tuple[str, float]]:
    """Each category's share of the CPU, from pyinstrument's samples of n
    requests taken on the process CPU clock (waiting for PostgreSQL or Redis
    is not CPU, so it is not counted)."""
    from pyinstrument import Profiler
    from pyinstrument.stack_sampler import get_stack_sampler

    get_stack_sampler().timer_func = time.process_time
    n = min(n, 200)
    profiler = Profiler(interval=0.0001, async_mode="disabled")
    for i in range(n):
        if before:
            before()
        profiler.start()
        op(i)
        profiler.stop()
    session = profiler.last_session
    totals: dict[str, float] = {}

    def walk(frame, category: str) -> None:
        path = f"{frame.file_path or ''}:{frame.function or ''}"
        if not any(s in path for s in TRANSPARENT):
            for label, needles in CATEGORIES:
                if any(s in path for s in needles):
                    category = label
                    break
        totals[category] = totals.get(category, 0.0) + frame.total_self_time
        inner = OTHER if path.endswith(VIEW_CALLER) else category
        for child in frame.children:
            if not child.is_synthetic:  # already in the parent's self time
                walk(child, inner)

    root = session.root_frame()
    if root is not None:
        walk(root, OTHER)
    if show_tree:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    whole = sum(totals.values()) or 1.0
    return [(k, v / whole) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])]


if __name__ == "__main__":
    sys.exit(main())
