"""Load run of a live workshop: simulated phones polling and voting against
gunicorn, PostgreSQL and Redis on loopback.

Usage (from the repository root):
    .venv/bin/python bench/workshop_load.py [--participants 100 1000] [--votes once stress]
        [--seconds 60]

It creates a scratch database (on BENCH_PG, default
postgres://postgres@127.0.0.1:5432/postgres), serves the app from it with
scripts/start-web.sh (gunicorn, production settings over plain HTTP, the
Redis of BENCH_REDIS or REDIS_URL for the workshop's cached state; the
plumbing is bench/_server.py, shared with the other HTTP benchmarks), opens a
workshop, and lets every participant join with the code and poll the stage
every 2 s (sending the ETag it shows, as the browser does, over a kept-alive
connection). The room votes as VOTES below says: by default each phone once per
question after reading it, a fifth of them changing their mind once
(`--votes once`); `--votes stress` has every phone vote or change its vote
every 3-10 s, about five times a real room. The facilitator moves to the
next question every 15 s from the board, over HTTP like everyone else. It
stops by itself, stops gunicorn, drops the database, and prints p50/p95 of
the poll and the vote, requests per second, the CPU used per 100
participants (gunicorn and this run's own PostgreSQL backends) beside the
figure measured before this work, and whether every vote the server
confirmed is stored with the level last sent.

The load generator is one asyncio process (aiohttp): a thousand phones are a
thousand coroutines, about a fifth of a core at 1,000 phones, where a thread
per phone would take a core of its own away from the server it measures.
(wrk is lighter still but keeps no per-phone cookies, ETags and confirmed
votes, which the lost-vote check needs.)

Goals (for the real room, `--votes once`): poll p95 under 25 ms at 100
participants and under 100 ms at 1,000; zero lost votes in every room (the
exit status is 1 if a vote was lost or a request failed). Without PostgreSQL
it says so and exits 0 (1 under CI=true).
"""

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _server import (
    bench_redis,
    free_port,
    gunicorn,
    postgres_unreachable,
    scratch_database,
    server_env,
    session_cookie,
    setup_django,
)

POLL_EVERY = 2.0
MOVE_EVERY = 15.0
# How the room votes. "once", the room the goals are for: each phone votes
# once per question, READ_FIRST seconds after its screen showed it, and
# CHANGE_SHARE of the phones change their vote once, CHANGE_AFTER seconds
# later. "stress": every phone votes or changes its vote every 3-10 s, all
# the time (about five times the votes of a real room).
VOTES = ("once", "stress")
LABELS = {
    "once": "once per question (+20% change once)",
    "stress": "every 3-10 s (stress, ~5x a real room)",
}
READ_FIRST = (3.0, 11.0)
CHANGE_SHARE = 0.2
CHANGE_AFTER = (2.0, 6.0)
QUESTION_RE = re.compile(r'name="question" value="([^"]+)"')
CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters, as Django expects
# Server CPU (gunicorn + this run's PostgreSQL backends) per 100 participants
# before the phones' polls were answered in front of Django and the stage drawn
# once per version (2026-11-30, a quiet 2-core machine, load average 1.3-1.9;
# the meter's over-count of the workers' start-up, about 11.5 s, taken out).
# Only the stress room existed then.
BEFORE = {
    ("stress", 100): "38% of one core (poll p95 10.8 ms)",
    ("stress", 1000): "fell behind: 330 of about 650 requests/s served, poll p95 4.1 s",
}


# ---- CPU accounting from /proc (no psutil) ----


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def _pids() -> list[int]:
    return [int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


class CpuMeter:
    """CPU seconds of gunicorn's process tree and of the PostgreSQL backends
    serving this run's scratch database, sampled every second so processes
    that end during the run (a recycled connection) still count."""

    def __init__(self, gunicorn_pid: int, database: str) -> None:
        self.root, self.database = gunicorn_pid, database
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        parents = {}
        for pid in _pids():
            fields = _stat(pid)
            if fields:
                parents[pid] = int(fields[1])
        web, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            web.update(children)
            frontier.extend(children)
        found = {("web", pid) for pid in web}
        found |= {
            ("pg", pid)
            for pid in parents
            if _cmdline(pid).startswith("postgres: ") and f" {self.database} " in _cmdline(pid)
        }
        # At the first sample every process counts from what it has used so
        # far; one that appears later (a recycled connection) from zero.
        first_sample = not self.last
        for kind, pid in found:
            used = cpu_seconds(pid)
            self.first.setdefault((kind, pid), used if first_sample else 0.0)
            self.last[(kind, pid)] = used

    def restart(self) -> None:
        """Count from now on."""
        with self.lock:
            self.first, self.last = {}, {}
            self._sample()

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            with self.lock:
                self._sample()

    def __enter__(self):
        self._sample()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self._sample()

    def used(self, kind: str) -> float:
        return sum(self.last[k] - self.first[k] for k in self.last if k[0] == kind)


# ---- The phones ----


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {"poll": [], "poll_304": [], "vote": [], "join": []}
        self.errors: list[str] = []
        self.refused = 0  # votes that arrived after the question moved on (409)

    def error(self, text: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(text)
        else:
            self.errors[-1] = f"... and more; last: {text}"


class Phone:
    """One participant: its cookies, the ETag of its screen, its votes."""

    def __init__(self, http, base: str, name: str, stats: Stats) -> None:
        self.http, self.base, self.name, self.stats = http, base, name, stats
        self.cookies: dict[str, str] = {}
        self.etag = ""
        self.key = ""
        self.url = ""
        # question key -> the level last confirmed by the server ("" = don't know)
        self.confirmed: dict[str, str] = {}
        self.accepted = 0

    async def request(self, method: str, path: str, body: str = "", **headers):
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        async with self.http.request(
            method, self.base + path, data=body or None, headers=headers, allow_redirects=False
        ) as response:
            text = await response.text()
            for key, morsel in response.cookies.items():
                self.cookies[key] = morsel.value
            return response.status, response.headers, text

    async def join(self, code: str) -> None:
        await self.request("GET", "/join/")
        started = time.perf_counter()
        status, headers, _ = await self.request(
            "POST",
            "/join/",
            urlencode({"code": code, "name": self.name}),
            **{"X-CSRFToken": self.cookies.get("csrftoken", "")},
        )
        self.stats.times["join"].append((time.perf_counter() - started) * 1000)
        if status != 302:
            raise RuntimeError(f"join answered {status}")
        self.url = urlsplit(headers["Location"]).path

    async def poll(self) -> None:
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        started = time.perf_counter()
        status, response_headers, text = await self.request("GET", self.url, **headers)
        ms = (time.perf_counter() - started) * 1000
        self.stats.times["poll"].append(ms)
        if status == 304:
            self.stats.times["poll_304"].append(ms)
        elif status == 200:
            self.etag = response_headers.get("ETag", "")
            found = QUESTION_RE.search(text)
            self.key = found.group(1) if found else ""
        else:
            self.stats.error(f"poll answered {status}")

    async def vote(self) -> None:
        choice = random.choice(["0", "1", "2", "2", "3", "3", "4", "unknown"])
        key = self.key
        body = urlencode({"question": key, "choice": choice, "comment": random.choice(["", "why"])})
        started = time.perf_counter()
        status, _, _ = await self.request(
            "POST",
            self.url + "vote/",
            body,
            **{"HX-Request": "true", "X-CSRFToken": self.cookies.get("csrftoken", "")},
        )
        self.stats.times["vote"].append((time.perf_counter() - started) * 1000)
        if status == 200:
            self.accepted += 1
            self.confirmed[key] = "" if choice == "unknown" else choice
        elif status == 409:
            self.stats.refused += 1
        else:
            self.stats.error(f"vote answered {status}")

    async def run(self, deadline: float, votes: str) -> None:
        now = time.monotonic()
        next_poll = now + random.uniform(0, POLL_EVERY)  # phones do not poll in step
        never = deadline + 1
        next_vote = now + random.uniform(2, 8) if votes == "stress" else never
        seen, changes_left = "", 0
        while True:
            await asyncio.sleep(max(0.0, min(next_poll, next_vote, deadline) - time.monotonic()))
            now = time.monotonic()
            if now >= deadline:
                return
            try:
                if now >= next_poll:
                    next_poll += POLL_EVERY
                    await self.poll()
                    if votes == "once" and self.key and self.key != seen:
                        # A new question: read it, vote once; one phone in
                        # five changes its mind a little later.
                        seen, changes_left = self.key, int(random.random() < CHANGE_SHARE)
                        next_vote = time.monotonic() + random.uniform(*READ_FIRST)
                if now >= next_vote:
                    if not self.key:  # nothing to vote on until a poll shows a question
                        next_vote = next_poll
                    elif votes == "stress":
                        next_vote = now + random.uniform(3, 10)
                        await self.vote()
                    elif self.key == seen:
                        next_vote = never
                        if changes_left:
                            changes_left -= 1
                            next_vote = now + random.uniform(*CHANGE_AFTER)
                        await self.vote()
                    else:
                        next_vote = never
            except (TimeoutError, OSError) as e:
                self.stats.error(f"{type(e).__name__}: {e}")
            except Exception as e:  # aiohttp's own errors: counted, the phone goes on
                self.stats.error(f"{type(e).__name__}: {e}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def goal_ms(participants: int) -> float:
    return 25.0 if participants <= 100 else 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--participants",
        type=int,
        nargs="+",
        default=[100],
        metavar="N",
        help="room sizes, each run in turn on the same server (e.g. 100 1000)",
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--votes",
        choices=VOTES,
        nargs="+",
        default=["once"],
        help="how the room votes (see VOTES); each is run at each size",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 3)))
    args = parser.parse_args()
    sizes = [max(1, min(n, 2000)) for n in args.participants]  # bounded: loopback only
    seconds = max(10, min(args.seconds, 600))

    problem = postgres_unreachable()
    if problem:
        print(f"workshop load: skipped, {problem}")
        return 1 if os.environ.get("CI") else 0
    redis_url = bench_redis()
    port = free_port()
    status = 0
    with scratch_database("assessor_bench") as database_url:
        setup_django(database_url)
        env = server_env(database_url, port, args.workers)
        if redis_url:
            env["REDIS_URL"] = redis_url
        with gunicorn(env, port) as server:
            database = database_url.rsplit("/", 1)[1]
            rooms = [(votes, size) for votes in args.votes for size in sizes]
            for n, (votes, size) in enumerate(rooms):
                status |= room(
                    size, votes, seconds, args.workers, env, port, server.pid, database, n
                )
    return status


def room(
    participants: int,
    voting: str,
    seconds: int,
    workers: int,
    env: dict,
    port: int,
    server_pid: int,
    database: str,
    n: int,
) -> int:
    """One workshop of `participants` phones for `seconds`; prints its figures."""
    from django.urls import reverse

    from accounts.models import Membership, Organization, User
    from assessor import services as assessor_services
    from assessor.models import Framework
    from assessor.workshops import services
    from assessor.workshops.models import Round, Vote

    user = User.objects.create_user(f"facilitator{n}@bench.example", uuid.uuid4().hex)
    org = Organization.objects.create(name=f"Bench {n}", slug=f"bench-{n}")
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
    facilitator = {
        "cookie": f"{session_cookie(user)}; csrftoken={CSRF}",
        "go": reverse("workshops:go", args=[org.slug, assessment.code, workshop.code]),
    }

    stats = Stats()
    load = os.getloadavg()
    with CpuMeter(server_pid, database) as cpu:
        elapsed, moved, phones, cpu_client = asyncio.run(
            drive(
                participants,
                voting,
                seconds,
                port,
                workshop.join_code,
                keys,
                facilitator,
                stats,
                cpu,
            )
        )
    load_after = os.getloadavg()
    cpu_web, cpu_pg = cpu.used("web"), cpu.used("pg")

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
    per_100 = 100 * (cpu_web + cpu_pg) / elapsed / (participants / 100)
    print(
        f"workshop load: {participants} participants voting {LABELS[voting]}, {elapsed:.0f} s, "
        f"{workers} gunicorn workers, Redis {'on' if env.get('REDIS_URL') else 'OFF'}, "
        f"{moved + 1} questions shown, load average {load[0]:.2f} -> {load_after[0]:.2f} "
        f"on {os.cpu_count()} cores"
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
        f"  CPU: gunicorn {cpu_web:.1f} s, PostgreSQL (this run's backends) {cpu_pg:.1f} s, "
        f"load generator {cpu_client:.1f} s"
    )
    before = BEFORE.get((voting, participants), "not measured for this room")
    print(
        f"  CPU per 100 participants (gunicorn + PostgreSQL): {per_100:.1f}% of one core; "
        f"before this work: {before}"
    )
    print(
        f"  votes stored {len(stored)} (participant x question) for {len(expected)} voted; "
        f"counter {bumped} == confirmed {sent}: {bumped == sent}; lost {lost}, "
        f"wrong level {wrong}, unexpected {extra}"
    )
    for error in stats.errors:
        print(f"  error: {error}")
    p95, goal = percentile(polls, 0.95), goal_ms(participants)
    ok_votes = lost == wrong == extra == 0 and bumped == sent and not stats.errors
    verdict = "met" if p95 < goal else "MISSED"
    if voting == "stress":
        verdict = f"{verdict} (the goal is for a real room; this one votes ~5x as often)"
    print(
        f"  goals: poll p95 < {goal:.0f} ms {verdict}; "
        f"zero lost votes {'met' if ok_votes else 'MISSED'}"
    )
    return 0 if ok_votes else 1


async def drive(
    participants: int,
    votes: str,
    seconds: int,
    port: int,
    join_code: str,
    keys: list[str],
    facilitator: dict,
    stats: Stats,
    cpu: CpuMeter,
):
    """Join everyone, then poll and vote until the time is up while the
    facilitator moves on every MOVE_EVERY seconds. The CPU counts from the
    first poll. Returns (seconds, moves, phones, the load generator's CPU)."""
    import aiohttp

    base = f"http://127.0.0.1:{port}"
    # Connections are kept between polls, as a phone's browser keeps its own,
    # for less than the server's keep-alive (scripts/start-web.sh), so the
    # client never reuses a connection the server is closing.
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=3)
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        phones = [Phone(http, base, f"Phone {i}", stats) for i in range(participants)]
        gate = asyncio.Semaphore(16)

        async def join(phone):
            async with gate:
                await phone.join(join_code)

        await asyncio.gather(*(join(p) for p in phones))

        async def go(key: str) -> None:
            try:
                await move(key)
            except Exception as e:  # counted like the phones' failures; the room goes on
                stats.error(f"the facilitator's move: {type(e).__name__}: {e}")

        async def move(key: str) -> None:
            async with http.post(
                base + facilitator["go"],
                data={"to": key},
                headers={
                    "Cookie": facilitator["cookie"],
                    "X-CSRFToken": CSRF,
                    "HX-Request": "true",
                    "Referer": base + "/",
                },
                allow_redirects=False,
            ) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"the facilitator's move answered {response.status}")

        await go(keys[0])
        await asyncio.to_thread(cpu.restart)
        usage_self = os.times()
        started = time.monotonic()
        deadline = started + seconds
        tasks = [asyncio.create_task(p.run(deadline, votes)) for p in phones]
        moved = 0
        while time.monotonic() < deadline:
            await asyncio.sleep(min(MOVE_EVERY, max(0.0, deadline - time.monotonic())))
            if time.monotonic() < deadline and moved + 1 < len(keys):
                moved += 1
                await go(keys[moved])
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        return elapsed, moved, phones, sum(os.times()[:2]) - sum(usage_self[:2])


if __name__ == "__main__":
    sys.exit(main())
