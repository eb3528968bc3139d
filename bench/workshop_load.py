"""Load run of a live workshop: simulated phones polling and voting against
gunicorn and PostgreSQL on loopback.

Usage (from the repository root):
    .venv/bin/python bench/workshop_load.py [--participants 100] [--seconds 60]

It creates a scratch database (on BENCH_PG, default
postgres://postgres@127.0.0.1:5432/postgres), serves the app from it with
scripts/start-web.sh (gunicorn, production settings over plain HTTP; the
plumbing is bench/_server.py, shared with the other HTTP benchmarks), opens
a workshop, and lets
every participant join with the code, poll the stage every 2 s (sending the
ETag it shows, as the browser does) and vote or change its vote every few
seconds; the facilitator moves to the next question every 15 s. It stops by
itself, stops gunicorn, drops the database, and prints p50/p95 of the poll and
the vote, requests per second, CPU used, and whether every vote the server
confirmed is stored with the level last sent.

Goals: poll p95 under 50 ms; zero lost votes (the exit status is 1 if a vote
was lost or a request failed). Without PostgreSQL it says so and exits 0
(1 under CI=true).
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _server import (
    free_port,
    gunicorn,
    postgres_unreachable,
    scratch_database,
    server_env,
    setup_django,
)

POLL_EVERY = 2.0
MOVE_EVERY = 15.0
QUESTION_RE = re.compile(r'name="question" value="([^"]+)"')


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from /proc (no psutil)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, command name)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except (FileNotFoundError, ProcessLookupError):
                continue
            found[int(entry.name)] = (int(tail.split()[1]), head.split("(", 1)[1])
    return found


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and its live descendants (the gunicorn workers)."""
    procs = processes()
    pids, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in procs.items() if ppid == parent]
        pids.update(children)
        frontier.extend(children)
    return sum(cpu_seconds(pid) for pid in pids)


def postgres_cpu() -> float:
    # All PostgreSQL processes of the machine: on a shared machine this
    # includes other activity, so it is an upper bound.
    return sum(cpu_seconds(pid) for pid, (_, name) in processes().items() if name == "postgres")


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"poll": [], "poll_304": [], "vote": [], "join": []}
        self.errors: list[str] = []
        self.refused = 0  # votes that arrived after the question moved on (409)

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.times[kind].append(ms)

    def error(self, text: str) -> None:
        with self.lock:
            if len(self.errors) < 20:
                self.errors.append(text)
            else:
                self.errors[-1] = f"... and more; last: {text}"


class Phone:
    """One participant: a cookie jar, the ETag of its screen, its votes."""

    def __init__(self, port: int, name: str, stats: Stats) -> None:
        self.port, self.name, self.stats = port, name, stats
        self.cookies: dict[str, str] = {}
        self.etag = ""
        self.key = ""
        self.url = ""
        # question key -> the level last confirmed by the server ("" = don't know)
        self.confirmed: dict[str, str] = {}
        self.accepted = 0

    def request(self, method: str, path: str, body: str = "", **headers) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **headers,
        }
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    self.cookies[key] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            conn.close()

    def csrf(self) -> dict:
        return {"X-CSRFToken": self.cookies.get("csrftoken", "")}

    def join(self, code: str) -> None:
        self.request("GET", "/join/")
        started = time.perf_counter()
        status, headers, _ = self.request(
            "POST", "/join/", urlencode({"code": code, "name": self.name}), **self.csrf()
        )
        self.stats.add("join", (time.perf_counter() - started) * 1000)
        if status != 302:
            raise RuntimeError(f"join answered {status}")
        self.url = urlsplit(headers["Location"]).path

    def poll(self) -> None:
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        started = time.perf_counter()
        status, response_headers, text = self.request("GET", self.url, **headers)
        ms = (time.perf_counter() - started) * 1000
        self.stats.add("poll", ms)
        if status == 304:
            self.stats.add("poll_304", ms)
        elif status == 200:
            self.etag = response_headers.get("ETag", "")
            found = QUESTION_RE.search(text)
            self.key = found.group(1) if found else ""
        else:
            self.stats.error(f"poll answered {status}")

    def vote(self) -> None:
        choice = random.choice(["0", "1", "2", "2", "3", "3", "4", "unknown"])
        body = urlencode(
            {"question": self.key, "choice": choice, "comment": random.choice(["", "", "why"])}
        )
        vote_url = self.url + "vote/"
        started = time.perf_counter()
        status, _, _ = self.request("POST", vote_url, body, **{"HX-Request": "true"}, **self.csrf())
        self.stats.add("vote", (time.perf_counter() - started) * 1000)
        if status == 200:
            self.accepted += 1
            self.confirmed[self.key] = "" if choice == "unknown" else choice
        elif status == 409:
            with self.stats.lock:
                self.stats.refused += 1
        else:
            self.stats.error(f"vote answered {status}")

    def run(self, deadline: float) -> None:
        now = time.monotonic()
        next_poll = now + random.uniform(0, POLL_EVERY)  # phones do not poll in step
        next_vote = now + random.uniform(2, 8)
        while True:
            now = time.monotonic()
            if now >= deadline:
                return
            try:
                if now >= next_poll:
                    self.poll()
                    next_poll += POLL_EVERY
                if now >= next_vote:
                    if self.key:
                        self.vote()
                        next_vote = now + random.uniform(3, 10)
                    else:  # nothing to vote on until a poll shows a question
                        next_vote = next_poll
            except (OSError, http.client.HTTPException) as e:
                self.stats.error(f"{type(e).__name__}: {e}")
            time.sleep(max(0.0, min(next_poll, next_vote, deadline) - time.monotonic()))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 3)))
    args = parser.parse_args()
    args.participants = max(1, min(args.participants, 500))  # bounded: loopback only
    args.seconds = max(10, min(args.seconds, 600))

    problem = postgres_unreachable()
    if problem:
        print(f"workshop load: skipped, {problem}")
        return 1 if os.environ.get("CI") else 0
    port = free_port()
    with scratch_database("assessor_bench") as database_url:
        # The facilitator's side runs in this process, on the same database.
        setup_django(database_url)
        env = server_env(database_url, port, args.workers)
        with gunicorn(env, port) as server:
            return run(args, env, port, server)


def run(args, env: dict, port: int, server: subprocess.Popen) -> int:
    from accounts.models import Membership, Organization, User
    from assessor import services as assessor_services
    from assessor.models import Framework
    from assessor.workshops import services
    from assessor.workshops.models import Round, Vote

    user = User.objects.create_user("facilitator@bench.example", uuid.uuid4().hex)
    org = Organization.objects.create(name="Bench", slug="bench")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.OWNER)
    assessment = assessor_services.assessment_start(
        organization=org,
        framework=Framework.objects.get(key="devops-mlops-readiness", version=1),
        title="Load",
        scope="both",
        targets={},
        user=user,
    )
    workshop = services.workshop_open(assessment=assessment, user=user)
    # The phones vote levels: the scored questions (the context ones come first).
    parsed = assessment.framework.parsed
    keys = [k for k in workshop.question_keys() if not parsed.has_context_question(k)]

    stats = Stats()
    phones = [Phone(port, f"Phone {i}", stats) for i in range(args.participants)]
    for phone in phones:
        phone.join(workshop.join_code)
    services.workshop_go(workshop=workshop, key=keys[0])

    cpu_web, cpu_pg = tree_cpu(server.pid), postgres_cpu()
    usage_self = os.times()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [threading.Thread(target=p.run, args=(deadline,), daemon=True) for p in phones]
    for t in threads:
        t.start()
    moved = 0
    while time.monotonic() < deadline:
        time.sleep(min(MOVE_EVERY, max(0.0, deadline - time.monotonic())))
        if time.monotonic() < deadline and moved + 1 < len(keys):
            moved += 1
            services.workshop_go(workshop=workshop, key=keys[moved])
    for t in threads:
        t.join(timeout=30)
    elapsed = time.monotonic() - started
    cpu_web = tree_cpu(server.pid) - cpu_web
    cpu_pg = postgres_cpu() - cpu_pg
    cpu_client = sum(os.times()[:2]) - sum(usage_self[:2])

    # Every vote the server confirmed is stored, with the level last sent.
    sent = sum(p.accepted for p in phones)
    bumped = sum(Round.objects.filter(workshop=workshop).values_list("votes_version", flat=True))
    stored = {
        (name, key): "" if level is None else str(level)
        for name, key, level in Vote.objects.filter(round__workshop=workshop).values_list(
            "participant__display_name", "round__question_key", "level"
        )
    }
    expected = {(p.name, key): level for p in phones for key, level in p.confirmed.items()}
    lost = sum(1 for pair in expected if pair not in stored)
    wrong = sum(1 for pair, level in expected.items() if stored.get(pair) != level)
    extra = len(set(stored) - set(expected))

    polls, hits, votes = stats.times["poll"], stats.times["poll_304"], stats.times["vote"]
    requests = len(polls) + len(votes)
    print(
        f"workshop load: {args.participants} participants, {elapsed:.0f} s, "
        f"{args.workers} gunicorn workers, DB_CONN_MAX_AGE={env.get('DB_CONN_MAX_AGE', '0')}, "
        f"{moved + 1} questions shown"
    )
    print(
        f"  poll  p50 {percentile(polls, 0.5):6.1f} ms  p95 {percentile(polls, 0.95):6.1f} ms  "
        f"({len(polls)} polls, {len(hits)} answered 304, "
        f"304 p95 {percentile(hits, 0.95):.1f} ms)"
    )
    print(
        f"  vote  p50 {percentile(votes, 0.5):6.1f} ms  p95 {percentile(votes, 0.95):6.1f} ms  "
        f"({len(votes)} votes sent, {sent} confirmed, {stats.refused} refused as the "
        f"question had moved on)"
    )
    print(f"  join  median {statistics.median(stats.times['join']):.1f} ms")
    print(f"  {requests / elapsed:.1f} requests/s")
    print(
        f"  CPU: gunicorn {cpu_web:.1f} s ({100 * cpu_web / elapsed:.0f}% of one core), "
        f"PostgreSQL {cpu_pg:.1f} s ({100 * cpu_pg / elapsed:.0f}%, all backends of the machine), "
        f"load generator {cpu_client:.1f} s, on {os.cpu_count()} cores"
    )
    print(
        f"  votes stored {len(stored)} (participant x question) for {len(expected)} voted; "
        f"counter {bumped} == confirmed {sent}: {bumped == sent}; lost {lost}, "
        f"wrong level {wrong}, unexpected {extra}"
    )
    for error in stats.errors:
        print(f"  error: {error}")
    p95 = percentile(polls, 0.95)
    ok_votes = lost == wrong == extra == 0 and bumped == sent and not stats.errors
    print(
        f"  goals: poll p95 < 50 ms {'met' if p95 < 50 else 'MISSED'}; "
        f"zero lost votes {'met' if ok_votes else 'MISSED'}"
    )
    return 0 if ok_votes else 1


if __name__ == "__main__":
    sys.exit(main())
