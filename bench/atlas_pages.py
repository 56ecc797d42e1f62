"""Atlas pages against a bare view, in one process: ``python -m bench.atlas_pages``.

A throwaway SQLite database gets the shipped figures (``atlas_load``: the indicators for the
98 municipalities); then the Django test client times ``REPEAT`` requests, once warm, of the
bare view (the floor: the same middleware stack, no template, no database), an indicator's map
page and a municipality's page, and reports the 95th percentile and the ratio to the floor.

Each page is timed twice: **rendered**, with the anonymous page cache emptied before every
request (what a logged-in member, or the first visitor after 30 seconds, gets: the snapshot's
stamp query, the sections' queries, the template; the map SVG and the bar chart come from their
content-keyed caches), and **cached**, the anonymous visitor's page from the page cache. The
goal (the issue's): the indicator map page and the municipality page under 50 ms p95 once warm.
See bench/README.md.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable

REPEAT = 200
WARM = 20
INDICATOR = "/atlas/indikator/boernefattigdom/"
MUNICIPALITY = "/atlas/kommune/751/"


def _p95_ms(
    fn: Callable[[], object], before: Callable[[], object] | None = None
) -> tuple[float, float]:
    for _ in range(WARM):
        if before:
            before()
        fn()
    samples = []
    for _ in range(REPEAT):
        if before:
            before()
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return samples[int(len(samples) * 0.95) - 1], statistics.median(samples)


def main() -> None:
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ["SOCIUS_ROOT_URLCONF"] = "bench.urls"
    os.environ.setdefault("SOCIUS_DEBUG", "1")
    os.environ["SOCIUS_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["SOCIUS_CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, skip_checks=True)
    call_command("atlas_load", verbosity=0, skip_checks=True)
    from socius.atlas.models import Indicator, Observation

    client = Client()

    def get(url: str) -> Callable[[], None]:
        def run() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def empty_page_cache() -> None:
        caches["pages"].clear()

    rows = [("bare view (floor)", *_p95_ms(get("/bench/bare/")))]
    for name, url in (("indicator map page", INDICATOR), ("municipality page", MUNICIPALITY)):
        rows.append((f"{name}, rendered", *_p95_ms(get(url), empty_page_cache)))
        rows.append((f"{name}, from the page cache", *_p95_ms(get(url))))
    floor = rows[0][1]
    print(
        f"Atlas pages: {Indicator.objects.count()} indicators, {Observation.objects.count()} "
        f"figures. p95 and median of {REPEAT} requests once warm, Django test client.\n"
    )
    print("| request | p95 ms | median ms | p95 ratio to the floor |")
    print("|:---|---:|---:|---:|")
    for name, p95, median in rows:
        print(f"| {name} | {p95:.2f} | {median:.2f} | {p95 / floor:.1f} |")
    for name in ("indicator map page, rendered", "municipality page, rendered"):
        p95 = next(r[1] for r in rows if r[0] == name)
        verdict = "MET" if p95 < 50 else "NOT MET"
        print(f"\nGoal: {name} under 50 ms p95: **{verdict}** ({p95:.1f} ms).")


if __name__ == "__main__":
    main()
