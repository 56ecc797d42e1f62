"""Where a logged-in member's page time goes, in one process (see bench/README.md).

Builds a throwaway SQLite database like ``bench/run.sh`` (production settings, the seeded
member and their real session), then times with Django's test client the bare view, and the
home page and organisation list for the member (median of ``--runs`` after a warm-up),
counting queries. ``--profile URL`` prints the top cProfile entries for one URL.

Run: ``.venv/bin/python -m bench.member_pages [--runs 200] [--profile /]``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def environment(tmp: Path) -> dict[str, str]:
    """Production settings (socius.tests_support.servers.production_env) with the manifest
    storage of collected static files, as a deployment serves them, and the benchmark's URLs;
    requests come from Django's test client ("testserver")."""
    from socius.tests_support.servers import production_env

    return production_env(
        database_url=f"sqlite:///{tmp}/db.sqlite3",
        media_root=tmp / "media",
        extra={
            "SOCIUS_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SOCIUS_PLAIN_STATIC": "0",
            "SOCIUS_STATIC_ROOT": f"{tmp}/static",
            "SOCIUS_ROOT_URLCONF": "bench.urls",
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", help="print a cProfile of this URL for the member")
    parser.add_argument("--callers", help="with --profile: who calls functions matching this")
    parser.add_argument("--queries", help="print the SQL and the cookies set for this URL")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="socius-bench-"))
    os.environ.update(environment(tmp))
    py = sys.executable
    for cmd in (
        ["manage.py", "collectstatic", "--noinput", "-v0"],
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["manage.py", "createcachetable"],
        ["-m", "bench.seed", "--cookie-file", str(tmp / "cookies")],
    ):
        subprocess.run([py, *cmd], check=True, stdout=subprocess.DEVNULL)
    cookies = (tmp / "cookies").read_text(encoding="utf-8")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    member = Client(HTTP_COOKIE=cookies)
    anonymous = Client()
    rows = [
        ("bare view, member", "/bench/bare/"),
        ("member home", "/"),
        ("member organisations", "/organisationer/"),
    ]
    for _, url in rows:
        for _ in range(20):
            assert member.get(url).status_code == 200
    assert b"Log ud" in member.get("/").content
    if args.queries:
        with CaptureQueriesContext(connection) as queries:
            response = member.get(args.queries)
        for query in queries:
            print(f"{query['time']}s  {query['sql'][:300]}")
        print("Set-Cookie:", ", ".join(response.cookies))
        return 0
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            member.get(args.profile)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        if args.callers:
            stats.print_callers(args.callers)
        return 0
    print(f"Median of {args.runs} requests, Django test client, production settings.")
    print(f"{'request':<24} {'median ms':>10} {'queries':>8}")
    for name, url in [("bare view, anonymous", "/bench/bare/"), *rows]:
        client = anonymous if name.endswith("anonymous") else member
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{name:<24} {statistics.median(times):>10.2f} {len(queries):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
