"""Live debate under load: ``bash bench/events_live.sh [--seconds 600] [--participants 500]``.

P participants (default 500) vote from their "phones" for S seconds (default 600) over HTTP
on loopback against the platform as it runs in production (``python -m socius.serve``,
granian, ``SOCIUS_DEBUG=0``) on PostgreSQL, with a task worker beside it (``manage.py
db_worker``, the production worker with its default poll interval of 1 s), so the engine runs
that votes queue are real background tasks.

Each participant opens the audience page once (its first statement), then votes every
``--pace`` seconds (default 10, spread at random +-50 %) with the JavaScript path: a POST with
``Accept: application/json`` that answers with the next statement; when they have voted on
every statement they change a vote at random, as people do when the debate moves them.

Measured in the same run:
- the vote request's p50/p95/p99 (goal: p99 < 200 ms);
- the web server's CPU time during the load (all its processes, from /proc) per request
  served, votes and the other requests together (votes are most of them);
- the floor: a bare Django view (bench/urls.py, same server, middleware and machine load)
  requested 10 times a second throughout the run; the ratio vote p99 / floor p99;
- the screen's lag behind the latest vote (goal <= 5 s): the screen's JSON is polled every
  0.25 s; at each poll the lag is the age of the oldest vote the latest engine run does not
  cover yet, i.e. now minus the first poll that saw a revision above ``covered`` (plus the
  0.25 s that poll may have been late), 0 when the run covers every vote. The projector polls
  every 2 s, so what it shows is at most that lag + 2 s old; both are printed.

Prints one Markdown table. Runs on a throwaway PostgreSQL cluster (bench/events_live.sh).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-debat"
POLL_SECONDS = 0.25
SCREEN_POLL_SECONDS = 2.0
FLOOR_PER_SECOND = 10


def _prepare(pg_url: str, participants: int, statements: int) -> tuple[dict[str, str], list[str]]:
    """Schema, a debate with its conversation, and P logged-in participants' session keys."""
    from socius.tests_support.servers import production_env

    media = Path(tempfile.mkdtemp(prefix="socius-live-media-"))
    env = production_env(
        database_url=pg_url,
        media_root=media,
        extra={"SOCIUS_ROOT_URLCONF": "bench.urls", "SOCIUS_LOG_LEVEL": "WARNING"},
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return env, _seed(participants, statements)


def _seed(participants: int, statements: int) -> list[str]:
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from socius.accounts.models import User
    from socius.core.models import Party, PoliticianProfile, RoleAssignment, Theme
    from socius.core.roles import Role
    from socius.deliberation import services
    from socius.deliberation.models import Conversation
    from socius.events.models import Event

    organiser = User.objects.create_user("arrangoer@bench.example", None, name="Arrangør")
    RoleAssignment.objects.create(user=organiser, role=Role.EDITOR)
    theme = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    conversation = services.conversation_create(
        actor=organiser,
        theme=theme,
        title="Bench: unges fritid",
        question="Hvad skal der til, for at alle unge har en fritid med andre?",
        moderation=Conversation.Moderation.POST,
        seed_statements=[f"Udsagn nummer {n} om unges fritid." for n in range(1, statements + 1)],
    )
    now = timezone.now()
    Event.objects.create(
        slug=SLUG, kind=Event.Kind.DEBATE, status=Event.Status.PUBLISHED,
        title="Bench-debat", summary="Belastningsprøve", theme=theme,
        starts_at=now, ends_at=now + timedelta(hours=2), capacity=participants,
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now,
        conversation=conversation,
    )  # fmt: skip
    users = User.objects.bulk_create(
        User(email=f"p{n}@bench.example", name=f"Deltager {n}", password="!")  # noqa: S106
        for n in range(participants)
    )
    # Declared groups as in a real room: a tenth politicians of four parties, the rest roles.
    parties = list(Party.objects.order_by("pk")[:4])
    roles = [Role.CITIZEN, Role.PRACTITIONER, Role.VOLUNTEER, Role.RESEARCHER]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.POLITICIAN if n % 10 == 0 else roles[n % 4])
        for n, u in enumerate(users)
    )
    PoliticianProfile.objects.bulk_create(
        PoliticianProfile(user=u, party=parties[(n // 10) % 4], verified_at=now)
        for n, u in enumerate(users)
        if n % 10 == 0
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


@dataclass
class Results:
    votes_ms: list[float] = field(default_factory=list)
    server_cpu_s: float = 0.0  # the web server's CPU during the load (all its processes)
    page_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    # (time, revision now, revision covered by the latest run)
    polls: list[tuple[float, int, int]] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


STATEMENT_RE = re.compile(r'name="statement" value="(\d+)"')


async def _participant(
    base: str, session_key: str, stop: float, pace: float, out: Results, all_ids: list[int]
) -> None:
    import httpx
    from django.conf import settings

    token = "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))  # noqa: S311
    cookies = {settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: token}
    headers = {"Accept": "application/json", "X-CSRFToken": token}
    url = f"/arrangementer/{SLUG}/debat/"
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
        await asyncio.sleep(random.uniform(0, pace))  # noqa: S311  (arrivals spread out)
        started = time.perf_counter()
        page = await client.get(url)
        out.page_ms.append((time.perf_counter() - started) * 1000)
        found = STATEMENT_RE.search(page.text)
        statement = int(found.group(1)) if found else random.choice(all_ids)  # noqa: S311
        while time.monotonic() < stop:
            await asyncio.sleep(pace * random.uniform(0.5, 1.5))  # noqa: S311
            if time.monotonic() >= stop:
                break
            value = random.choice((1, 1, -1, 0))  # noqa: S311
            started = time.perf_counter()
            try:
                response = await client.post(
                    url + "stem/", data={"statement": statement, "value": value}, headers=headers
                )
            except httpx.HTTPError as exc:
                out.error(type(exc).__name__)
                continue
            out.votes_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                out.error(f"vote {response.status_code}")
                continue
            following = response.json()["statement"]
            statement = following["id"] if following else random.choice(all_ids)  # noqa: S311


async def _screen(base: str, stop: float, out: Results) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < stop:
            try:
                data = (await client.get(f"/arrangementer/{SLUG}/debat/skaerm.json")).json()
                out.polls.append((time.monotonic(), data["revision"], data["covered"]))
            except Exception as exc:  # noqa: BLE001  (counted, and the next poll tries again)
                out.error(f"screen {type(exc).__name__}")
            await asyncio.sleep(POLL_SECONDS)


async def _floor(base: str, stop: float, out: Results) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            await client.get("/bench/bare/")
            out.floor_ms.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(1 / FLOOR_PER_SECOND)


async def _load(base: str, keys: list[str], seconds: float, pace: float, ids: list[int]) -> Results:
    out = Results()
    stop = time.monotonic() + seconds
    await asyncio.gather(
        _screen(base, stop, out),
        _floor(base, stop, out),
        *(_participant(base, key, stop, pace, out, ids) for key in keys),
    )
    return out


def _cpu_seconds(root: int) -> float:
    """User + system CPU of process ``root`` and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, total, changed = {root}, 0.0, True
    while changed:
        changed = False
        for pid, (parent, _cpu) in stats.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    for pid in tree:
        total += stats.get(pid, (0, 0.0))[1]
    return total


def screen_lags(polls: list[tuple[float, int, int]]) -> list[float]:
    """Per poll: how old the oldest vote not covered by the latest run is (0: none)."""
    first_seen: list[tuple[int, float]] = []  # (revision, first time a poll saw it), rising
    lags = []
    for at, revision, covered in polls:
        if not first_seen or revision > first_seen[-1][0]:
            first_seen.append((revision, at))
        if covered >= revision:
            lags.append(0.0)
            continue
        # The first poll that saw a revision above ``covered``; the vote may be up to one
        # poll interval older than that.
        seen = next(t for r, t in first_seen if r > covered)
        lags.append(at - seen + POLL_SECONDS)
    return lags


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _report(out: Results, args: argparse.Namespace, runs: tuple[int, int, float]) -> None:
    lags = screen_lags(out.polls)
    vote_p99, floor_p99 = _pct(out.votes_ms, 0.99), _pct(out.floor_ms, 0.99)
    run_count, run_votes, run_ms = runs
    requests = len(out.votes_ms) + len(out.page_ms) + len(out.floor_ms) + len(out.polls)
    cpu_ms = 1000 * out.server_cpu_s / max(1, requests)
    rows = [
        ("participants / seconds / pace", f"{args.participants} / {args.seconds} / {args.pace} s"),
        ("votes sent (per second)", f"{len(out.votes_ms)} ({len(out.votes_ms) / args.seconds:.1f})"),
        ("vote p50 / p95 / p99 (ms)", " / ".join(
            f"{_pct(out.votes_ms, q):.0f}" for q in (0.5, 0.95, 0.99))),
        ("audience page p50 / p99 (ms)",
         f"{_pct(out.page_ms, 0.5):.0f} / {_pct(out.page_ms, 0.99):.0f}"),
        ("floor: bare view p50 / p99 (ms)",
         f"{_pct(out.floor_ms, 0.5):.0f} / {floor_p99:.0f}"),
        ("ratio vote p99 / floor p99", f"{vote_p99 / floor_p99:.1f}"),
        ("server CPU per request, all kinds (ms)", f"{cpu_ms:.1f} ({requests} requests, "
                                                   f"{out.server_cpu_s / args.seconds:.2f} cores)"),
        ("engine runs (mean ms; votes in the last)", f"{run_count} ({run_ms:.0f}; {run_votes})"),
        ("screen data lag p50 / p95 / max (s)", " / ".join(
            f"{_pct(lags, q):.2f}" for q in (0.5, 0.95, 1.0))),
        ("projector lag at most (max + 2 s poll)", f"{max(lags, default=0) + SCREEN_POLL_SECONDS:.2f} s"),
        ("goals", f"vote p99 < 200 ms: {'met' if vote_p99 < 200 else 'NOT met'}; "
                  f"projector <= 5 s: {'met' if max(lags, default=0) + SCREEN_POLL_SECONDS <= 5 else 'NOT met'}"),
        ("errors", str(out.errors or "none")),
    ]  # fmt: skip
    print("| Live debate | |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


def _runs() -> tuple[int, int, float]:
    from django.db.models import Avg

    from socius.deliberation.models import ResultRun
    from socius.events.models import Event

    runs = ResultRun.objects.filter(conversation_id=Event.objects.get(slug=SLUG).conversation_id)
    last = runs.order_by("-version").first()
    mean = runs.aggregate(ms=Avg("duration_ms"))["ms"] or 0.0
    return runs.count(), last.vote_count if last else 0, float(mean)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--statements", type=int, default=40)
    parser.add_argument("--pace", type=float, default=10.0, help="seconds between one's votes")
    parser.add_argument("--workers", type=int, default=2, help="web server processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per web server process")
    args = parser.parse_args(argv)

    env, keys = _prepare(args.postgres_url, args.participants, args.statements)
    from socius.deliberation.models import Statement
    from socius.events.models import Event
    from socius.tests_support.servers import web_server

    conversation_id = Event.objects.get(slug=SLUG).conversation_id
    ids = list(
        Statement.objects.filter(conversation_id=conversation_id).values_list("pk", flat=True)
    )
    logs = Path(tempfile.mkdtemp(prefix="socius-live-logs-"))
    worker_log = (logs / "worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603  (our interpreter, fixed arguments)
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        with web_server(
            env, log=logs / "server.log", workers=args.workers, threads=args.threads
        ) as server:
            cpu_before = _cpu_seconds(server.process.pid)
            out = asyncio.run(_load(server.base, keys, args.seconds, args.pace, ids))
            out.server_cpu_s = _cpu_seconds(server.process.pid) - cpu_before
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        worker_log.close()
    _report(out, args, _runs())
    print(f"(logs: {logs})")


if __name__ == "__main__":
    main()
