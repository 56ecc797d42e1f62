"""Citizen proposals: the cost of one signing POST in-process, without HTTP or a load client.

Publishes a proposal on the given PostgreSQL database (as bench/proposals_surge.py does) and
sends N signing POSTs through Django's test client with CSRF checks on, each a different
person. Prints the SQL statements of one signature, then milliseconds per signature (wall
clock and this process's CPU); with --profile, cProfile's top functions by cumulative time.

    source scripts/postgres.sh && pg_start
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius   # as postgres if root
    .venv/bin/python -m bench.proposals_profile --postgres-url "$PG_URL" [--profile]
    pg_stop
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--signatures", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from bench.proposals_surge import _prepare

    public_id = _prepare(args.postgres_url)

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    token = "a" * 32
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = token
    url = f"/test/borgerforslag/{public_id}/skriv-under/"

    def sign(person: int) -> None:
        claims = {"sub": f"p-{person}", "birthdate": "1980-01-01", "municipality_code": "751"}
        data = {"csrfmiddlewaretoken": token, "test_claims": json.dumps(claims)}
        response = client.post(url, data, HTTP_HOST="127.0.0.1")
        if response.status_code != 303:
            raise SystemExit(f"signing answered {response.status_code}")
        client.cookies.pop("messages", None)  # as bench/proposals_surge.py: nobody reads it

    for person in range(200):  # warm up: connections, caches, imports
        sign(person)
    settings.DEBUG = True
    reset_queries()
    sign(10**9)
    settings.DEBUG = False
    print(f"SQL statements for one signature: {len(connection.queries)}")
    for query in connection.queries:
        print("  " + query["sql"][:110])

    profiler = cProfile.Profile() if args.profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for person in range(1000, 1000 + args.signatures):
        sign(person)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = args.signatures
    print(f"{n} signatures: {wall / n * 1000:.2f} ms each (wall), {cpu / n * 1000:.2f} ms CPU")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())


if __name__ == "__main__":
    main()
