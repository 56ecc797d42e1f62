"""Citizen proposals: where one signing POST's time goes, in-process, without HTTP or a load client.

Publishes a proposal on the given PostgreSQL database (as bench/proposals_surge.py does) and
calls the WSGI application gunicorn serves with the request wrk sends in the surge (an
urlencoded form with the CSRF token and the test claims, the CSRF cookie), each a different
person. Prints the SQL statements of one signature, then milliseconds per signature (wall
clock and this process's CPU) beside a bare view through the same middleware (the floor: what
any request costs here); with --profile, cProfile's top functions by own time and cumulative
time; with --callgrind (run under valgrind), instructions per request instead of seconds: the
same count for the same code whatever else the machine is doing, so a change of a few per cent
shows in one run where timings on a shared machine need many.

    source scripts/postgres.sh && pg_start
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius   # as postgres if root
    .venv/bin/python -m bench.proposals_profile --postgres-url "$PG_URL" [--profile]
    valgrind --tool=callgrind --instr-atstart=no .venv/bin/python -m bench.proposals_profile \
        --postgres-url "$PG_URL" --signatures 150 --callgrind   # callgrind.out.* stay here
    pg_stop
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode


def _environ(path: str, body: bytes, token: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": f"csrftoken={token}",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--signatures", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="count instructions (run under valgrind --tool=callgrind --instr-atstart=no)",
    )
    args = parser.parse_args()

    os.environ.setdefault("SOCIUS_ROOT_URLCONF", "socius.proposals.testing_urls")
    from bench.proposals_surge import _prepare, claims, csrf_token, sign_path

    public_id = _prepare(args.postgres_url)

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries

    application = get_wsgi_application()
    token = csrf_token()
    path = sign_path(public_id)

    def call(environ: dict[str, Any], expected: str) -> None:
        status: list[str] = []
        result = application(environ, lambda s, h, exc_info=None: status.append(s))
        b"".join(result)
        getattr(result, "close", lambda: None)()
        if not status[0].startswith(expected):
            raise SystemExit(f"{environ['PATH_INFO']} answered {status[0]}")

    def sign(person: int) -> None:
        body = urlencode({"csrfmiddlewaretoken": token, "test_claims": claims(person)}).encode()
        call(_environ(path, body, token), "303")

    def favicon(_person: int) -> None:  # a redirect without the database: the floor
        environ = _environ("/favicon.ico", b"", token)
        environ.update(REQUEST_METHOD="GET", CONTENT_LENGTH="0")
        call(environ, "30")

    # Warm up (connections, caches, imports) and sign past the threshold (1,500), as most of a
    # surge is: near a milestone a signer also reads the exact count after their commit.
    for person in range(1600):
        sign(person)
        favicon(person)
    settings.DEBUG = True
    reset_queries()
    sign(10**9)
    settings.DEBUG = False
    print(f"SQL statements for one signature: {len(connection.queries)}")
    for query in connection.queries:
        print("  " + query["sql"][:110])

    def backend_cpu() -> dict[int, int]:
        """Clock ticks of CPU each PostgreSQL server process on this machine has used so far
        (/proc/PID/stat: utime and stime), by process id, so that a connection opened during
        a measurement counts in full (one that ended during it is lost)."""
        ticks: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # the process ended while we looked
                continue
            name, _, rest = text.partition(" (")[2].rpartition(") ")
            if name == "postgres":
                fields = rest.split()
                ticks[int(stat.parent.name)] = int(fields[11]) + int(fields[12])
        return ticks

    def measure(what: Callable[[int], None], first: int, label: str) -> float:
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        before = backend_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for person in range(first, first + args.signatures):
            what(person)
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        after = backend_cpu()
        server = sum(t - before.get(pid, 0) for pid, t in after.items()) / os.sysconf("SC_CLK_TCK")
        n = args.signatures
        print(
            f"{label}: {wall / n * 1000:.3f} ms each (wall), {cpu / n * 1000:.3f} ms CPU here,"
            f" {server / n * 1000:.3f} ms CPU in PostgreSQL"
        )
        if profiler:
            profiler.dump_stats(Path(tempfile.gettempdir()) / f"{label.split()[0]}.prof")
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
                print(out.getvalue())
        return cpu

    def instructions(what: Callable[[int], None], first: int, label: str) -> float:
        """Instructions per call of ``what``, counted by callgrind (callgrind_control switches
        the counting on around the calls and writes the count to callgrind.out.PID.N here)."""
        pid = str(os.getpid())

        def control(*options: str) -> None:
            subprocess.run(["callgrind_control", *options, pid], check=True, capture_output=True)

        control("--instr=on")
        for person in range(first, first + 30):  # instrumented code settles in
            what(person)
        control("--zero")
        for person in range(first + 30, first + 30 + args.signatures):
            what(person)
        before = set(Path.cwd().glob(f"callgrind.out.{pid}.*"))
        control("--dump")
        control("--instr=off")
        (dump,) = set(Path.cwd().glob(f"callgrind.out.{pid}.*")) - before
        summary = next(x for x in dump.read_text().splitlines() if x.startswith("summary:"))
        each = int(summary.split()[1]) / args.signatures
        print(f"{label}: {each:,.0f} instructions each")
        return each

    if args.callgrind:
        floor = instructions(favicon, 10**6, "bare redirect (floor)")
        ours = instructions(sign, 10**7, f"{args.signatures} signatures")
        print(f"ratio (floor instructions / signing instructions): {floor / ours:.3f}")
        return

    floor = measure(favicon, 10**6, "bare redirect (floor)")
    ours = measure(sign, 10**7, f"{args.signatures} signatures")
    print(f"ratio (floor CPU / signing CPU): {floor / ours:.3f}")


if __name__ == "__main__":
    main()
