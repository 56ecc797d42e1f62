"""Events: a registration surge through the real HTTP registration view on PostgreSQL.

P people (default 2,000) register at once, over C concurrent clients (default 200), for an
event of S seats (default 500), each a POST of the registration form to
/arrangementer/<slug>/tilmeld/ served by granian (``python -m socius.serve``, production
settings) with CSRF, the form, the seat lock (``select_for_update`` on the event), the
waiting-list counter and the confirmation mail queued (a person's own registration is not
audited). The floor, in the same
run: raw INSERTs of the same number of rows into the same table over as many connections, one
transaction each. Prints the time of both, the ratio (floor time / view time) and the checks:
exactly S confirmed, P - S waiting with waiting numbers unique and gap-free 1..P-S, every
person once (none lost, none doubled), no seat oversold (the event's counter equals the
counted seats). Run with bench/events_registration.sh. ``--profile N`` instead registers N people one after
another in this process (Django's test client, the same view and database) and prints the time
and queries per registration, the query log of one registration with the statements run while
the event's row lock is held, and the functions that take the time (cProfile).

``surge`` and ``checks`` are also used by socius/events/tests/test_registration_surge.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import string
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-tilmelding"
CONFIRMED_URL = "/arrangementer/tilmelding/"


def _token() -> str:
    """Django's CSRF check is a double submit: the same token in the cookie and the form."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def surge(base: str, slug: str, people: int, clients: int) -> tuple[float, list[tuple[int, int]]]:
    """``people`` registrations from ``clients`` threads (one keep-alive connection each),
    released together. Returns the seconds from release to the last answer and, per person,
    (person, HTTP status); a 302 to a personal page is a stored registration."""
    path = f"/arrangementer/{slug}/tilmeld/"
    todo = iter(range(people))
    lock = threading.Lock()
    answers: list[tuple[int, int]] = []
    start = threading.Barrier(clients + 1)

    def client() -> None:
        token = _token()
        with httpx.Client(base_url=base, timeout=120, cookies={"csrftoken": token}) as http:
            start.wait()
            while True:
                with lock:
                    person = next(todo, None)
                if person is None:
                    return
                form = {"csrfmiddlewaretoken": token, "name": f"Person {person}",
                        "email": f"person{person}@bench.dk", "party_size": "1"}  # fmt: skip
                status = 0
                try:
                    response = http.post(path, data=form)
                    status = response.status_code
                    if status == 302 and not response.headers["location"].startswith(CONFIRMED_URL):
                        status = -302
                except httpx.HTTPError:
                    status = -1
                with lock:
                    answers.append((person, status))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began, answers


def checks(event_id: int, people: int, seats: int) -> dict[str, Any]:
    """The invariants, read from the database (Django set up): each ``ok`` must be true."""
    from django.db.models import Count

    from socius.events.models import Event, Registration

    rows = Registration.objects.filter(event_id=event_id)
    confirmed = rows.filter(status="confirmed").count()
    numbers = sorted(rows.filter(status="waiting").values_list("waiting_number", flat=True))
    doubled = rows.values("email").annotate(n=Count("id")).filter(n__gt=1).count()
    event = Event.objects.get(pk=event_id)
    counted = sum(
        rows.filter(status__in=["confirmed", "offered"]).values_list("party_size", flat=True)
    )
    result = {
        "rows": rows.count(),
        "confirmed": confirmed,
        "waiting": len(numbers),
        "doubled": doubled,
        "seats_taken": event.seats_taken,
        "counted": counted,
    }
    result["ok_confirmed"] = confirmed == seats
    result["ok_waiting_order"] = numbers == list(range(1, people - seats + 1))
    result["ok_none_lost_or_doubled"] = result["rows"] == people and doubled == 0
    result["ok_not_oversold"] = event.seats_taken == counted == seats
    return result


def event_create(seats: int, slug: str = SLUG) -> int:
    """A published event open for registration, ``seats`` seats, one person per registration
    (Django set up); its id."""
    from django.utils import timezone

    from socius.core.models import Theme
    from socius.events.models import Event

    now = timezone.now()
    event = Event.objects.create(
        slug=slug, kind=Event.Kind.CONFERENCE, status=Event.Status.PUBLISHED,
        title="Konference om fællesskaber", summary="Belastningsprøve.",
        theme=Theme.objects.order_by("id").first(), capacity=seats, max_party_size=1,
        starts_at=now + datetime.timedelta(days=30), ends_at=now + datetime.timedelta(days=30, hours=6),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=29),
    )  # fmt: skip
    return event.pk


def _floor(pg_url: str, event_id: int, people: int, connections: int) -> float:
    """Raw INSERTs of as many registration rows, one transaction each, over ``connections``."""
    import psycopg

    conns = [
        psycopg.connect(pg_url.replace("postgres://", "postgresql://"), autocommit=True)
        for _ in range(connections)
    ]
    todo = iter(range(people))
    lock = threading.Lock()

    def work(conn: Any) -> None:
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            conn.execute(
                "INSERT INTO events_registration (public_id, event_id, name, email, language,"
                " party_size, status, key_hash, dietary_needs, access_needs, sequence_sent,"
                " created_at, updated_at) VALUES (%s, %s, %s, %s, 'da', 1, 'cancelled', %s,"
                " '[]', '[]', 0, now(), now())",
                [uuid.uuid4(), event_id, f"Floor {i}", f"floor{i}@bench.dk", secrets.token_hex(32)],
            )

    threads = [threading.Thread(target=work, args=(c,)) for c in conns]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    for c in conns:
        c.close()
    return elapsed


@contextmanager
def _server(pg_url: str, workers: int, threads: int) -> Iterator[str]:
    from socius.tests_support.servers import production_env, web_server

    media = Path(tempfile.mkdtemp(prefix="socius-events-bench-"))
    env = production_env(database_url=pg_url, media_root=media)
    with web_server(env, log=media / "server.log", workers=workers, threads=threads) as server:
        yield server.base


def profile(people: int, seats: int) -> None:
    """One registration at a time in this process: ms and queries per registration, the query
    log of one (``L`` marks statements run while the event's row lock is held, ``A`` while
    the audit chain's lock is), the lock's hold time, and the top of a cProfile."""
    import cProfile
    import pstats
    import statistics

    from django.db import connection, transaction
    from django.test import Client

    event_create(seats, slug=SLUG + "-profile")
    path = f"/arrangementer/{SLUG}-profile/tilmeld/"
    client = Client()
    state: dict[str, Any] = {"lock": None, "audit": None, "log": [], "held": [], "audit_held": []}

    def released() -> None:
        now = time.perf_counter()
        if state["lock"] is not None:
            state["held"].append(now - state["lock"])
        if state["audit"] is not None:
            state["audit_held"].append(now - state["audit"])
        state["lock"] = state["audit"] = None

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        if "FOR UPDATE" in sql and state["lock"] is None:
            state["lock"] = began
            transaction.on_commit(released)
        if "pg_advisory_xact_lock" in sql and state["audit"] is None:
            state["audit"] = began
            if state["lock"] is None:
                transaction.on_commit(released)
        try:
            return execute(sql, params, many, context)
        finally:
            mark = ("L" if state["lock"] else " ") + ("A" if state["audit"] else " ")
            state["log"].append((mark, (time.perf_counter() - began) * 1000, sql))

    def register(person: int) -> tuple[float, list[tuple[str, float, str]]]:
        state["log"] = []
        form = {"name": f"Profil {person}", "email": f"profil{person}@bench.dk", "party_size": "1"}
        began = time.perf_counter()
        with connection.execute_wrapper(wrapper):
            response = client.post(path, data=form)
        elapsed = time.perf_counter() - began
        assert response.status_code == 302, response.status_code  # noqa: S101
        return elapsed, state["log"]

    for person in range(3):  # warm up: templates, translations, connections
        register(person)
    state["held"].clear()
    state["audit_held"].clear()
    times, queries, sample = [], [], []
    for person in range(3, people):
        elapsed, log = register(person)
        times.append(elapsed * 1000)
        queries.append(len(log))
        if person == 5:
            sample = log
    print(f"{len(times)} registrations, one at a time, in process:")
    print(f"  ms per registration: median {statistics.median(times):.1f}, "
          f"mean {statistics.mean(times):.1f}")  # fmt: skip
    print(f"  queries per registration: {min(queries)}..{max(queries)}")
    if state["held"]:
        print(f"  event row lock held: median {statistics.median(state['held']) * 1000:.2f} ms")
    if state["audit_held"]:
        print(f"  audit chain lock held: median "
              f"{statistics.median(state['audit_held']) * 1000:.2f} ms")  # fmt: skip
    print("query log of one registration (L = under the event's row lock, A = the audit lock):")
    for mark, ms, sql in sample:
        print(f"  {mark} {ms:6.2f} ms  {sql[:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for person in range(people, people + 30):
        register(person)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(r"socius|django/(template|forms|db/models/query|middleware)", 30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="Python threads per worker")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="register N people one at a time in process and profile")  # fmt: skip
    args = parser.parse_args()

    os.environ.update({"DATABASE_URL": args.postgres_url, "SOCIUS_DEBUG": "0",
                       "SOCIUS_SECRET_KEY": secrets.token_urlsafe(64),
                       "SOCIUS_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                       "SOCIUS_SECURE_SSL_REDIRECT": "0", "SOCIUS_EMAIL_BACKEND": "console",
                       "SOCIUS_PLAIN_STATIC": "1", "SOCIUS_LOG_LEVEL": "WARNING",
                       "DJANGO_SETTINGS_MODULE": "socius.settings"})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if args.profile:
        profile(args.profile, args.seats)
        return 0
    event_id = event_create(args.seats)
    floor_event = event_create(1, slug=SLUG + "-floor")
    connection.close()

    with _server(args.postgres_url, args.workers, args.threads) as base:
        elapsed, answers = surge(base, SLUG, args.people, args.clients)
    floor = _floor(args.postgres_url, floor_event, args.people, args.clients)
    result = checks(event_id, args.people, args.seats)
    statuses: dict[int, int] = {}
    for _person, status in answers:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"{args.people} people, {args.seats} seats, {args.clients} clients, "
          f"{args.workers} workers x {args.threads} threads")  # fmt: skip
    print(f"registration view: {elapsed:7.2f} s  {args.people / elapsed:7.0f} registrations/s")
    print(f"raw INSERT floor:  {floor:7.2f} s  {args.people / floor:7.0f} rows/s")
    print(f"ratio (floor time / view time): {floor / elapsed:.3f}")
    print(f"answers: {statuses}")
    for key, value in result.items():
        print(f"  {key}: {value}")
    ok = all(v for k, v in result.items() if k.startswith("ok_")) and statuses == {302: args.people}
    print("checks:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
