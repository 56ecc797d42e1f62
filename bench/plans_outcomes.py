"""Outcome statistics over 100,000 plans (goal: a release's aggregate in under 10 s).

Builds a fresh SQLite database in a temporary folder with N de-identified outcome records
(one per plan) in one municipality and cohort year, each with one to three life domains
rated (first and latest score) and goals rated, and times:

1. **ours**: ``selectors.table_counts`` for both tables (the ORM's GROUP BY with filtered
   counts) followed by ``privacy.table_release`` (OpenDP's discrete Laplace on every cell,
   small-cell and complementary suppression): what a release computes;
2. **floor**: the same two aggregates as one hand-written SQL ``GROUP BY`` each with
   ``SUM(CASE ...)``, fetched with a raw cursor, no noise and no suppression.

Prints both, their ratio, and whether the goal is met.

    .venv/bin/python bench/plans_outcomes.py [--plans N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="socius-plans-outcomes-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

GOAL_SECONDS = 10.0
DOMAINS = ("work", "housing", "health", "relations", "everyday", "leisure")

_FLOOR_FROM = """
FROM plans_outcomes_outcomedomain d
JOIN plans_outcomes_outcomerecord r ON r.id = d.record_id
WHERE r.municipality_id = %s AND r.year = %s
GROUP BY d.domain
"""
# The same two tables a release counts: better / same / worse, then goals reached or not.
FLOOR_SQL = (
    "SELECT d.domain,"
    " SUM(CASE WHEN d.latest_score > d.first_score THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.latest_score = d.first_score THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.latest_score < d.first_score THEN 1 ELSE 0 END)" + _FLOOR_FROM,
    "SELECT d.domain,"
    " SUM(CASE WHEN d.goals_rated > 0 AND d.goals_reached > 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.goals_rated > 0 AND d.goals_reached = 0 THEN 1 ELSE 0 END)" + _FLOOR_FROM,
)


def _seed(count: int) -> object:
    from socius.core.models import Municipality
    from socius.plans.outcomes.models import OutcomeDomain, OutcomeRecord

    aarhus = Municipality.objects.get(code="751")
    with transaction.atomic():
        records = OutcomeRecord.objects.bulk_create(
            (
                OutcomeRecord(
                    outcome_id=f"{i:032x}", municipality=aarhus, year=2026, quarter=1 + i % 4
                )
                for i in range(count)
            ),
            batch_size=5000,
        )
        domains = []
        for i, record in enumerate(records):
            for k in range(1 + i % 3):
                first = 1 + (i + k) % 10
                domains.append(
                    OutcomeDomain(
                        record=record,
                        domain=DOMAINS[(i + k) % len(DOMAINS)],
                        first_score=first,
                        latest_score=None if i % 7 == 0 else 1 + (first + i) % 10,
                        goals_rated=i % 4,
                        goals_reached=(i % 4) // 2,
                    )
                )
        OutcomeDomain.objects.bulk_create(domains, batch_size=5000)
    return aarhus


def _ours(aarhus: object) -> float:
    from socius.plans.outcomes import privacy, selectors
    from socius.plans.outcomes.models import Table

    start = time.perf_counter()
    for table in (Table.DOMAIN_CHANGE, Table.GOALS):
        counts = selectors.table_counts(municipality=aarhus, table=table, year=2026)  # type: ignore[arg-type]
        privacy.table_release(counts, epsilon=0.5)
    return time.perf_counter() - start


def _floor(aarhus: object) -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in FLOOR_SQL:  # the same two aggregates
            cursor.execute(sql, [aarhus.pk, 2026])  # type: ignore[attr-defined]
            cursor.fetchall()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    aarhus = _seed(args.plans)
    print(f"seeded {args.plans} outcome records in {time.perf_counter() - started:.1f} s")
    _floor(aarhus)  # warm the page cache the same for both
    floor = min(_floor(aarhus) for _ in range(3))
    ours = min(_ours(aarhus) for _ in range(3))
    print(f"floor (raw SQL GROUP BY): {floor:.3f} s")
    print(f"ours (ORM counts + OpenDP noise + suppression): {ours:.3f} s")
    print(f"ratio ours/floor: {ours / floor:.2f}")
    verdict = "met" if ours < GOAL_SECONDS else "NOT met"
    print(f"goal: under {GOAL_SECONDS:.0f} s for {args.plans} plans: {verdict}")


if __name__ == "__main__":
    main()
