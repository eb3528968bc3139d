"""Shared plumbing for the HTTP benchmarks: a scratch PostgreSQL database,
gunicorn started through the same script as the web container, and a
keep-alive HTTP client that measures latencies. Loopback only; every loop
is bounded."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Shared by this process (which signs the session) and gunicorn (which checks it).
BENCH_SECRET = "bench-" + uuid.uuid4().hex * 2
PG_ADMIN = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_unreachable() -> str | None:
    """Why the benchmarks cannot run here, or None when PostgreSQL answers."""
    import psycopg

    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except psycopg.OperationalError as e:
        return f"PostgreSQL is not reachable at {PG_ADMIN} (set BENCH_PG): {e}"
    return None


@contextmanager
def scratch_database(prefix: str):
    """A new PostgreSQL database for one run, dropped afterwards."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, port: int, workers: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=BENCH_SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        BIND=f"127.0.0.1:{port}",
        WEB_WORKERS=str(workers),
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        # The yardstick view of bench/answer_save.py (assessor/bench_views.py).
        BENCHMARK_VIEWS="1",
    )
    return env


def bench_redis() -> str:
    """The Redis the benchmarks' server uses as production does (sessions, the
    workshop's cached stage): BENCH_REDIS, else REDIS_URL; "" when it does not
    answer (the figures then say Redis was off)."""
    url = os.environ.get("BENCH_REDIS") or os.environ.get("REDIS_URL", "")
    if url and redis_unreachable(url):
        print(f"Redis at {url} does not answer; the server runs without it")
        return ""
    return url


def setup_django(database_url: str) -> None:
    """Use the scratch database from this process too (to create fixtures)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = BENCH_SECRET
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_frameworks", verbosity=0)


@contextmanager
def gunicorn(env: dict, port: int):
    """gunicorn through scripts/start-web.sh, until it answers /healthz.

    Its output goes to a file, not a pipe: a long run's warnings must never
    fill a pipe nobody reads and stall the server under measurement.
    """
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            [str(ROOT / "scripts/start-web.sh")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def tail() -> str:
            log.seek(0)
            return log.read()[-3000:]

        try:
            deadline = time.monotonic() + 900
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError("gunicorn exited:\n" + tail())
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("gunicorn did not start in 900 s:\n" + tail())
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def session_cookie(user) -> str:
    """A signed-in session for `user`, without going through the login form."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def summarize(latencies: list[float], seconds: float) -> dict:
    ordered = sorted(latencies)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "rps": len(ordered) / seconds,
    }


def run_clients(clients: int, seconds: float, work) -> tuple[list[float], float]:
    """Run `work(index, stop_at, latencies)` in `clients` threads for `seconds`."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def runner(i):
        mine: list[float] = []
        try:
            work(i, stop_at, mine)
        except Exception as e:  # surfaced below: a benchmark must not hide failures
            errors.append(e)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed; first: {errors[0]!r}")
    return latencies, time.monotonic() - started


def get_loop(port: int, path: str, headers: dict):
    """A `run_clients` worker: GET `path` over one keep-alive connection until
    the stop time, recording each latency; any answer but 200 fails the run."""

    def work(i, stop_at, latencies):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            latencies.append(time.perf_counter() - t0)
            assert response.status == 200, (response.status, body[:300])

    return work


def measure_gets(
    port: int, paths: dict[str, tuple[str, dict]], seconds: float, clients=(1, 10)
) -> dict[tuple[str, int], dict]:
    """p50/p95 and requests/s of each named GET, one after the other, at each
    number of clients, after a one-second warm-up."""
    results = {}
    for n in clients:
        for name, (path, headers) in paths.items():
            work = get_loop(port, path, headers)
            run_clients(n, 1.0, work)
            latencies, elapsed = run_clients(n, seconds, work)
            results[(name, n)] = summarize(latencies, elapsed)
    return results


def print_gets(title: str, results: dict[tuple[str, int], dict], width: int = 14) -> None:
    print(title)
    print(f"{'':{width}}{'clients':>8}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
    for (name, n), r in results.items():
        print(f"{name:{width}}{n:>8}{r['n']:>10}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['rps']:>9.0f}")


def redis_unreachable(url: str) -> str | None:
    """Why Redis at `url` cannot be used, or None when it answers."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as e:
        return str(e)
    return None
