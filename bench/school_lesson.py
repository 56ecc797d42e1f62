"""Medborgerskab: 30 classes of 28 pupils join and vote in the same lesson, over HTTP.

Against a real server on loopback (granian, ``python -m socius.serve``, production settings)
on a throwaway PostgreSQL (bench/school_lesson.sh): ``--classes`` classes, each with a verified
teacher and a class conversation of ``--statements`` statements (closed to the class,
deliberation.audiences). Then every pupil, from ``--clients`` concurrent client threads (one
keep-alive connection and cookie jar per pupil), arriving at even intervals over ``--over``
seconds (default 120: a lesson's first two minutes; 0 releases everyone at once, which
measures saturation, not a lesson), joins with a POST to
``school:join`` (``code``, ``pseudonym``, ``age=under_15``, with CSRF) and votes on each
statement of their class conversation (POSTs to ``school:class-conversation-vote``).

Prints p50/p95/p99 of joining and of voting, the failed requests (any answer but the expected
redirect, or none), and the floor measured in the same run: a bare Django view
(bench/urls.py) through the same server, middleware and connections, with the same number of
requests and clients. Checks: no failed request, joining p99 under 500 ms, every pupil stored
once and every vote stored. ``--quick`` runs 3 classes of 8 pupils.
"""

from __future__ import annotations

import argparse
import os
import secrets
import string
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

JOIN_PATH = "/medborgerskab/deltag/"
WELCOME_PATH = "/medborgerskab/deltag/velkommen/"
JOIN_P99_LIMIT_MS = 500.0


def _token() -> str:
    """Django's CSRF check is a double submit: the same token in the cookie and the form."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


@dataclass
class ClassSetup:
    public_id: str
    code: str
    statements: list[int]


@dataclass
class Timings:
    join: list[float] = field(default_factory=list)
    vote: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def setup(classes: int, statements: int) -> list[ClassSetup]:
    """Classes with verified teachers and open class conversations (Django set up)."""
    import datetime

    from django.utils import timezone

    from socius.accounts.models import User
    from socius.core.models import Municipality, RoleAssignment, Theme
    from socius.core.roles import Role
    from socius.school import services_work
    from socius.school.models import School, SchoolClass, TeacherProfile

    school = School.objects.create(
        municipality=Municipality.objects.get(code="751"), name="Bænkskolen"
    )
    theme = Theme.objects.filter(is_active=True).first()
    made = []
    for n in range(classes):
        teacher = User.objects.create_user(
            email=f"laerer{n}@bench.example", password=None, name=f"Lærer {n}"
        )
        RoleAssignment.objects.create(user=teacher, role=Role.TEACHER)
        TeacherProfile.objects.create(user=teacher, school=school, verified_at=timezone.now())
        school_class = SchoolClass.objects.create(
            school=school,
            teacher=teacher,
            name=f"8.{n}",
            grade=8,
            school_year=2026,
            code=f"BNK{n:05d}",
            code_expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        link = services_work.class_conversation_start(
            actor=teacher,
            school_class=school_class,
            theme=theme,  # type: ignore[arg-type]
            question="Hvad skal vores by gøre for unge?",
            seed_statements=[f"Udsagn {s} om byen og de unge." for s in range(statements)],
        )
        ids = list(link.conversation.statements.order_by("pk").values_list("pk", flat=True))
        made.append(ClassSetup(str(school_class.public_id), school_class.code, ids))
    return made


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _run(
    clients: int, jobs: list[Any], work: Callable[[Any, Timings], None], over: float = 0.0
) -> Timings:
    """``jobs`` over ``clients`` threads, released together; with ``over`` seconds, the jobs
    start at even intervals over that time (pupils arriving), else each as soon as a thread
    is free (everyone at once)."""
    todo = iter(enumerate(jobs))
    lock = threading.Lock()
    timings = Timings()
    start = threading.Barrier(clients + 1)
    began: list[float] = []

    def client() -> None:
        start.wait()
        while True:
            with lock:
                item = next(todo, None)
            if item is None:
                return
            index, job = item
            if over:
                wait = began[0] + over * index / len(jobs) - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
            own = Timings()
            work(job, own)
            with lock:
                timings.join += own.join
                timings.vote += own.vote
                timings.failed += own.failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    began.append(time.perf_counter())
    start.wait()
    for t in threads:
        t.join()
    return timings


def lesson(
    base: str, made: list[ClassSetup], pupils: int, clients: int, over: float = 0.0
) -> tuple[Timings, float]:
    """Every pupil joins and votes (arriving over ``over`` seconds, or all at once); returns
    the timings and the seconds it all took."""
    jobs = [(c, n) for n in range(pupils) for c in made]

    def pupil(job: tuple[ClassSetup, int], t: Timings) -> None:
        school_class, n = job
        token = _token()
        with httpx.Client(base_url=base, timeout=60, cookies={"csrftoken": token}) as http:
            form = {"csrfmiddlewaretoken": token, "code": school_class.code,
                    "pseudonym": f"Elev {n}", "age": "under_15"}  # fmt: skip
            began = time.perf_counter()
            try:
                response = http.post(JOIN_PATH, data=form)
                ok = response.status_code == 302 and response.headers["location"] == WELCOME_PATH
            except httpx.HTTPError as exc:
                ok, response = False, exc  # type: ignore[assignment]
            t.join.append((time.perf_counter() - began) * 1000)
            if not ok:
                t.failed.append(f"join {getattr(response, 'status_code', response)}")
                return
            # The server marks its cookies Secure (production settings), which a client sends
            # over https only: on loopback HTTP they are handed back as plain cookies. Logging
            # in rotated the CSRF token, so the forms use the new one.
            for cookie in response.cookies.jar:
                http.cookies.set(cookie.name, cookie.value or "")
            token = response.cookies.get("csrftoken") or token
            vote = f"/medborgerskab/klasser/{school_class.public_id}/samtale/stem/"
            for i, statement in enumerate(school_class.statements):
                data = {"csrfmiddlewaretoken": token, "statement": str(statement),
                        "value": str((n + i) % 3 - 1)}  # fmt: skip
                began = time.perf_counter()
                try:
                    answer = http.post(vote, data=data)
                    ok = answer.status_code == 302 and answer.headers["location"].endswith("#vote")
                except httpx.HTTPError as exc:
                    ok, answer = False, exc  # type: ignore[assignment]
                t.vote.append((time.perf_counter() - began) * 1000)
                if not ok:
                    t.failed.append(f"vote {getattr(answer, 'status_code', answer)}")

    began = time.perf_counter()
    timings = _run(clients, jobs, pupil, over)
    return timings, time.perf_counter() - began


def floor(
    base: str, jobs: int, per_job: int, clients: int, over: float = 0.0
) -> tuple[list[float], int, float]:
    """The bare view in the lesson's shape: ``jobs`` visitors of ``per_job`` requests each (a
    pupil's join and votes), over ``clients`` threads and arriving as the pupils did (over
    ``over`` seconds, or all at once): latencies, failures, seconds."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def work(count: int, _t: Timings) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for _ in range(count):
                began = time.perf_counter()
                try:
                    ok = http.get("/bench/bare/").status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - began) * 1000
                with lock:
                    latencies.append(ms)
                    failures[0] += 0 if ok else 1

    began = time.perf_counter()
    _run(clients, [per_job] * jobs, work, over)
    return latencies, failures[0], time.perf_counter() - began


def checks(made: list[ClassSetup], pupils: int) -> dict[str, Any]:
    from socius.deliberation.models import Vote
    from socius.school.models import Pupil

    joined = Pupil.objects.filter(school_class__code__in=[c.code for c in made]).count()
    votes = Vote.objects.filter(statement_id__in=[s for c in made for s in c.statements]).count()
    expected_votes = sum(len(c.statements) for c in made) * pupils
    return {
        "pupils": joined,
        "votes": votes,
        "ok_pupils": joined == len(made) * pupils,
        "ok_votes": votes == expected_votes,
    }


@contextmanager
def _server(pg_url: str, workers: int, threads: int) -> Iterator[str]:
    from socius.tests_support.servers import production_env, web_server

    media = Path(tempfile.mkdtemp(prefix="socius-school-bench-"))
    env = production_env(
        database_url=pg_url, media_root=media, extra={"SOCIUS_ROOT_URLCONF": "bench.urls"}
    )
    with web_server(env, log=media / "server.log", workers=workers, threads=threads) as server:
        yield server.base


def _line(name: str, values: list[float]) -> str:
    return (f"{name:<8} n={len(values):5d}  p50 {_pct(values, 50):7.1f} ms  "
            f"p95 {_pct(values, 95):7.1f} ms  p99 {_pct(values, 99):7.1f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--pupils", type=int, default=28)
    parser.add_argument("--statements", type=int, default=5)
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument(
        "--over",
        type=float,
        default=120.0,
        help="seconds over which the pupils arrive (default: the lesson's first two minutes);"
        " 0 sends everyone at once, as fast as the clients can",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="Python threads per worker")
    parser.add_argument("--quick", action="store_true", help="3 classes of 8 pupils")
    args = parser.parse_args()
    if args.quick:
        args.classes, args.pupils, args.clients, args.over = 3, 8, 8, min(args.over, 10.0)

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
    made = setup(args.classes, args.statements)
    connection.close()

    with _server(args.postgres_url, args.workers, args.threads) as base:
        timings, elapsed = lesson(base, made, args.pupils, args.clients, args.over)
        requests = len(timings.join) + len(timings.vote)
        bare, bare_failed, bare_elapsed = floor(
            base, len(timings.join), 1 + args.statements, args.clients, args.over
        )
    result = checks(made, args.pupils)
    failed = len(timings.failed) + bare_failed
    print(f"{args.classes} classes x {args.pupils} pupils, {args.statements} statements each, "
          f"{args.clients} clients, {args.workers} workers x {args.threads} threads, "
          + (f"arriving over {args.over:.0f} s" if args.over else "all at once"))  # fmt: skip
    print(_line("join", timings.join))
    print(_line("vote", timings.vote))
    print(_line("floor", bare))
    print(f"lesson: {requests} requests in {elapsed:.2f} s ({requests / elapsed:.0f}/s); "
          f"floor: {len(bare)} requests in {bare_elapsed:.2f} s ({len(bare) / bare_elapsed:.0f}/s)")  # fmt: skip
    print(
        f"ratio (floor time / lesson time, same requests and clients): {bare_elapsed / elapsed:.3f}"
        + (" (both paced by the arrivals)" if args.over else "")
    )
    print(f"ratio (floor p50 / join p50): {_pct(bare, 50) / _pct(timings.join, 50):.3f}")
    print(f"ratio (floor p99 / join p99): {_pct(bare, 99) / _pct(timings.join, 99):.3f}")
    print(f"failed requests: {failed}" + (f" {sorted(set(timings.failed))[:5]}" if failed else ""))
    for key, value in result.items():
        print(f"  {key}: {value}")
    ok = (
        failed == 0
        and _pct(timings.join, 99) < JOIN_P99_LIMIT_MS
        and all(v for k, v in result.items() if k.startswith("ok_"))
    )
    print("checks:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
