"""Citizen proposals: PostgreSQL restarted in the middle of a signature surge (the fault mode of
bench/proposals_surge.py: ``bash bench/proposals_surge.sh --restart fast --restart immediate``).

The cluster, the proposal and the web server are the benchmark's own (proposals_surge.py). Then N
people sign through C concurrent clients, each person until they get a definitive answer:

- the client is Python threads with httpx, not wrk: a connection that wrk loses (reset while
  PostgreSQL goes down behind the server, say) never reaches its Lua script, so the person on it
  could not be sent again; a thread can;
- a definitive answer is the signing endpoint's 303 (post/redirect/get), whose address says
  what it did (``?udfald=talt``: counted, ``allerede``: already signed), or a refusal (another
  4xx);
- a connection error, a timeout or any 5xx is sent again for the same person after a short,
  growing pause, as a person pressing the button again would, until a deadline;
- ``--drops`` people, spread over the run, never see their first answer (a phone that lost the
  network) and press again: a "counted" they missed must come back as "already signed";
- a watcher reads the proposal's counter every 10 ms and, once it has passed each restart's share
  of N (1/2 for one restart, 1/3 and 2/3 for two; and at least N/20 more than when the server
  before came back), runs ``pg_ctl restart -m fast`` (sessions
  ended, a clean shutdown) or ``-m immediate`` (PostgreSQL killed, crash recovery at start).
  ``synchronous_commit`` is set to ``on`` first, as production keeps it: a signature answered
  "counted" must survive the crash (the cluster's ``fsync=off`` risks only an operating-system
  crash, which this does not simulate).

Afterwards it checks: rows = distinct identity hashes = the proposal's counter = N; every person
got exactly one definitive answer, "counted" or "already signed", never a refusal or none;
"already signed" only ever after a retry (an earlier attempt was committed but its answer lost,
which must not count twice), and always after a dropped "counted"; and that each restart came in
the middle: the counter was above 0 and below N when it began, and signatures were stored after
PostgreSQL was back. It also counts the answers the server gave while the database was away
(503 with Retry-After expected), and the tracebacks in its log.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from bench.proposals_surge import ONLINE_COUNT, claims, counts, csrf_token, sign_path, web_server

PERSON_DEADLINE = 120.0  # seconds one person keeps trying; far beyond any restart


@dataclass
class Restart:
    mode: str
    counter_before: int = -1
    seconds: float = 0.0  # from pg_ctl's start until it saw PostgreSQL ready
    back_since: str = ""  # pg_postmaster_start_time() of the new server, UTC, ISO 8601
    stored_after: int = 0  # signatures whose request began after that


@dataclass
class Outcome:
    """What the people got: one entry per person, and every failed attempt by kind."""

    answers: Counter[str] = field(default_factory=Counter)
    failed_attempts: Counter[str] = field(default_factory=Counter)
    retried_people: int = 0
    already_first_try: int = 0
    dropped_counted: int = 0  # first answers "counted" that the person dropped
    dropped_then_not_already: int = 0  # ... and whose retry did not say "already signed"
    lock: threading.Lock = field(default_factory=threading.Lock)


def _pg_ctl(*arguments: str) -> list[str]:
    """pg_ctl for the cluster scripts/postgres.sh started (PG_BIN, PG_DIR), as its owner."""
    try:
        binary, folder = os.environ["PG_BIN"], os.environ["PG_DIR"]
    except KeyError:
        raise SystemExit("--restart needs PG_BIN and PG_DIR (scripts/postgres.sh)") from None
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return [*owner, f"{binary}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", *arguments]


def _connect(pg_url: str, deadline: float) -> object:
    import psycopg

    while True:
        try:
            return psycopg.connect(pg_url.replace("postgres://", "postgresql://"), autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _durable_commits(pg_url: str) -> None:
    """``synchronous_commit = on`` for every new session of the database: a commit is
    acknowledged only once its WAL is written. A database's setting wins over the server's
    command line, where scripts/postgres.sh turns it off for tests (and ``pg_ctl restart``
    keeps that command line)."""
    from psycopg import sql

    conn = _connect(pg_url, time.monotonic() + 30)
    name = sql.Identifier(conn.info.dbname)  # type: ignore[attr-defined]
    conn.execute(  # type: ignore[attr-defined]
        sql.SQL("ALTER DATABASE {} SET synchronous_commit = on").format(name)
    )
    conn.close()  # type: ignore[attr-defined]


def _restarter(
    pg_url: str, pk: int, total: int, restarts: list[Restart], stop: threading.Event
) -> None:
    """Restart PostgreSQL at each restart's share of ``total``, read from the counter, and at
    least a twentieth of ``total`` after the restarted server took its first signature."""
    import psycopg

    conn = _connect(pg_url, time.monotonic() + 30)
    mark_floor = 1
    for number, restart in enumerate(restarts, start=1):
        mark = max(total * number // (len(restarts) + 1), mark_floor)
        while not stop.is_set():
            try:
                row = conn.execute(ONLINE_COUNT, [pk]).fetchone()  # type: ignore[attr-defined]
            except psycopg.OperationalError:
                conn = _connect(pg_url, time.monotonic() + 60)
                continue
            if row[0] >= mark:
                restart.counter_before = int(row[0])
                break
            time.sleep(0.01)
        if stop.is_set():
            return
        started = time.monotonic()
        # -W: pg_ctl waits for the shutdown, not for the start (it looks only every 100 ms);
        # connecting every 10 ms notices the restarted server sooner.
        subprocess.run(  # noqa: S603  (fixed command)
            _pg_ctl("-m", restart.mode, "-W", "restart"), check=True, stdout=subprocess.DEVNULL
        )
        conn = _connect(pg_url, time.monotonic() + 120)
        restart.seconds = round(time.monotonic() - started, 2)
        # The new server's own start time: a signature stamped later (the server stamps it
        # before its statement) was certainly stored by the restarted PostgreSQL.
        back, counter = conn.execute(  # type: ignore[attr-defined]
            f"SELECT pg_postmaster_start_time(), ({ONLINE_COUNT})",
            [pk],
        ).fetchone()
        restart.back_since = back.astimezone(datetime.UTC).isoformat()
        mark_floor = int(counter) + max(1, total // 20)
    conn.close()  # type: ignore[attr-defined]


def _answer(response: httpx.Response) -> str:
    """What the 303 says it did, from the signing page's address it points to: "counted",
    "already" or what else (socius/proposals/views/sign.py, OUTCOME)."""
    from socius.proposals.views.sign import ALREADY, COUNTED, OUTCOME

    told = parse_qs(urlsplit(response.headers.get("location", "")).query).get(OUTCOME, [])
    if told == [COUNTED]:
        return "counted"
    if told == [ALREADY]:
        return "already"
    return "unexpected answer: " + response.headers.get("location", "")


def _attempt(client: httpx.Client, path: str, body: str, headers: dict[str, str]) -> str:
    """One POST: its definitive answer ("counted", "already", "refused ...") or, for a failure
    to send again, "retry: " and its kind."""
    try:
        response = client.post(path, content=body, headers=headers)
    except httpx.TransportError as exc:
        return "retry: " + type(exc).__name__
    if response.status_code == 303:
        return _answer(response)
    if response.status_code < 500:
        return f"refused {response.status_code}"
    if response.status_code == 503 and "retry-after" not in response.headers:
        return "retry: 503 without Retry-After"
    return f"retry: {response.status_code}"


def _sign(
    client: httpx.Client, path: str, token: str, person: int, outcome: Outcome, *, drop: bool
) -> None:
    """One person signs until they get a definitive answer or the deadline passes. ``drop``:
    the person never sees the first answer (their phone lost the network) and presses again."""
    body = urlencode({"csrfmiddlewaretoken": token, "test_claims": claims(person)})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={token}",
    }
    deadline = time.monotonic() + PERSON_DEADLINE
    attempt, dropped = 0, ""
    while True:
        attempt += 1
        answer = _attempt(client, path, body, headers)
        if drop and attempt == 1 and not answer.startswith("retry: "):
            dropped, answer = answer, "retry: answer dropped by the client"
        if not answer.startswith("retry: "):
            break
        with outcome.lock:
            outcome.failed_attempts[answer.removeprefix("retry: ")] += 1
        if time.monotonic() > deadline:
            answer = "none"
            break
        time.sleep(min(0.05 * 2 ** min(attempt, 5), 1.0) * random.uniform(0.5, 1.0))  # noqa: S311
    with outcome.lock:
        outcome.answers[answer] += 1
        outcome.retried_people += attempt > 1
        outcome.already_first_try += answer == "already" and attempt == 1
        if dropped == "counted":  # stored, but the person did not see it
            outcome.dropped_counted += 1
            outcome.dropped_then_not_already += answer != "already"


def _clients(base: str, path: str, total: int, clients: int, drops: int, outcome: Outcome) -> None:
    """``clients`` threads, each with one keep-alive connection, share the ``total`` people;
    ``drops`` of them, spread over the run, drop their first answer."""
    token = csrf_token()
    people = iter(range(total))
    lock = threading.Lock()
    every = total // drops if drops else 0

    def work() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    person = next(people, None)
                if person is None:
                    return
                drop = bool(every) and person % every == every // 2
                _sign(client, path, token, person, outcome, drop=drop)
                client.cookies.clear()  # each person is a new browser

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _stored_after(pk: int, moment: str) -> int:
    from django.db import connection

    from socius.proposals.models import Signature

    connection.close()  # the connection from before the restarts is gone
    return Signature.objects.filter(
        proposal_id=pk, created_at__gt=datetime.datetime.fromisoformat(moment)
    ).count()


def run(args: argparse.Namespace, public_id: str) -> int:
    """The fault mode: surge, restarts, checks; prints the outcome, returns the exit code."""
    from django.db import connection

    from socius.proposals.models import Proposal

    pk = Proposal.objects.get(public_id=public_id).pk
    connection.close()
    _durable_commits(args.postgres_url)
    restarts = [Restart(mode) for mode in args.restart]
    outcome = Outcome()
    stop = threading.Event()
    log = args.server_log or Path(tempfile.mkstemp(prefix="socius-surge-server-", suffix=".log")[1])
    restarter = threading.Thread(
        target=_restarter, args=(args.postgres_url, pk, args.signatures, restarts, stop)
    )
    with web_server(
        args.postgres_url,
        workers=args.workers,
        threads=args.threads,
        kind=args.server,
        plain_static=args.plain_static,
        log=log,
    ) as base:
        start = time.perf_counter()
        restarter.start()
        try:
            _clients(base, sign_path(public_id), args.signatures, args.clients, args.drops, outcome)
        finally:
            stop.set()
            restarter.join()
        elapsed = time.perf_counter() - start
    for restart in restarts:
        restart.stored_after = _stored_after(pk, restart.back_since) if restart.back_since else 0
    rows, distinct, counter = counts(public_id)
    server_log = log.read_text(errors="replace")
    if args.server_log is None:
        log.unlink()
    return _report(args, elapsed, restarts, outcome, (rows, distinct, counter), server_log)


def _report(
    args: argparse.Namespace,
    elapsed: float,
    restarts: list[Restart],
    outcome: Outcome,
    found: tuple[int, int, int],
    server_log: str,
) -> int:
    total = args.signatures
    rows, distinct, counter = found
    definitive = outcome.answers["counted"] + outcome.answers["already"]
    in_middle = all(0 < r.counter_before < total and r.stored_after > 0 for r in restarts)
    ok = (
        rows == distinct == counter == total == definitive
        and outcome.already_first_try == 0
        and outcome.dropped_then_not_already == 0
        and in_middle
    )
    result = {
        "ok": ok,
        "signatures": total,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "rows": rows,
        "distinct": distinct,
        "counter": counter,
        "answers": dict(outcome.answers),
        "already_first_try": outcome.already_first_try,
        "dropped_counted": outcome.dropped_counted,
        "dropped_then_not_already": outcome.dropped_then_not_already,
        "retried_people": outcome.retried_people,
        "failed_attempts": dict(outcome.failed_attempts),
        "restarts": [asdict(r) for r in restarts],
        "tracebacks": server_log.count("Traceback (most recent call last)"),
        "server_errors_logged": len(
            re.findall(r"^(?:ERROR|Internal Server Error)", server_log, re.M)
        ),
        "database_unavailable_warnings": server_log.count("database unavailable"),
    }
    if args.result_json:
        args.result_json.write_text(json.dumps(result, indent=2))
    print(
        f"signatures: {total}, clients: {args.clients} (Python threads that retry), "
        f"{args.server} {args.workers}x{args.threads}, {elapsed:.1f} s"
    )
    for r in restarts:
        print(
            f"restart -m {r.mode}: at counter {r.counter_before} of {total}, "
            f"back after {r.seconds:.2f} s, {r.stored_after} signatures stored by the "
            "restarted server"
        )
    print(
        f"answers: {dict(outcome.answers)}; people who had to retry: {outcome.retried_people}; "
        f"failed attempts by kind: {dict(outcome.failed_attempts)}"
    )
    print(
        f"dropped answers: {outcome.dropped_counted} people dropped a 'counted'; "
        f"{outcome.dropped_then_not_already} of them were not told 'already signed' next"
    )
    print(
        f"server log: {result['tracebacks']} tracebacks, "
        f"{result['database_unavailable_warnings']} 'database unavailable' warnings"
    )
    print(
        f"final count: expected {total}, rows {rows}, distinct people {distinct}, counter "
        f"{counter}, definitive answers {definitive} (counted {outcome.answers['counted']} + "
        f"already signed after a lost answer {outcome.answers['already']}), "
        f"'already signed' on a first try {outcome.already_first_try}, restarts in the middle: "
        f"{'yes' if in_middle else 'NO'}: {'OK' if ok else 'MISMATCH'}"
    )
    return 0 if ok else 1
