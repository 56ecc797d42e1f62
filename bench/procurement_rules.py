"""The procurement rule engine over 100,000 contracts (goal: under 5 s on the bulk path).

Builds a fresh SQLite database in a temporary folder, adds N contracts with varied facts
(kinds, values around the 5 mio. kr and EU-threshold boundaries, durations around 6 months,
in and outside Denmark, award dates from 2021 to 2027 and none), and times:

1. **ours**: ``assessments_refresh()`` - the real bulk path: the rules and thresholds read and
   compiled per date, every contract read, evaluated against the rules valid on its date,
   its old assessments deleted and the new ones inserted (one per rule code) in one
   transaction;
2. **floor**: the same rows read with one raw SELECT, the two § 176, stk. 2 rules written out
   by hand as ``if``s (2026-27 threshold only), and the same number of rows inserted with
   plain ``executemany`` into the same table (rolled back): no rule data, no dates, no checks.

Prints both, their ratio, and whether the goal is met.

    .venv/bin/python bench/procurement_rules.py [--contracts N]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="socius-procurement-rules-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

GOAL_SECONDS = 5.0
MIO = 1_000_000_00
WORKS_THRESHOLD_2026 = 40_308_436_00


def _seed(count: int) -> None:
    from socius.core.models import Municipality, MunicipalSpace
    from socius.procurement.models import Contract, Department

    space = MunicipalSpace.objects.filter(slug="aarhus").first() or MunicipalSpace.objects.create(
        municipality=Municipality.objects.get(code="751"),
        slug="aarhus",
        authority="Aarhus Kommune",
        contact_email="kontakt@aarhus.example",
    )
    department = Department.objects.create(space=space, name="Teknik og Miljø", slug="teknik")
    kinds = ("works", "services", "supplies")
    values = (
        4_999_999_00,
        5 * MIO,
        12 * MIO,
        WORKS_THRESHOLD_2026 - 1,
        WORKS_THRESHOLD_2026,
        60 * MIO,
    )
    start = datetime.date(2021, 1, 1)
    with transaction.atomic():
        batch = []
        for i in range(count):
            awarded = None if i % 5 == 0 else start + datetime.timedelta(days=(i * 7) % 2500)
            batch.append(
                Contract(
                    space=space,
                    department=department,
                    reference=f"BENCH-{i:06d}",
                    title=f"Kontrakt {i}",
                    cpv_code="45000000-7",
                    kind=kinds[i % 3],
                    estimated_value_ore=values[(i // 3) % len(values)],
                    performed_in_denmark=i % 7 != 0,
                    duration_months=4 + (i % 5),
                    procedure="open",
                    awarded_on=awarded,
                    status="awarded",
                )
            )
            if len(batch) == 5_000:
                Contract.objects.bulk_create(batch)
                batch = []
        Contract.objects.bulk_create(batch)


def _floor() -> tuple[float, int]:
    from django.utils import timezone

    from socius.procurement.rules.models import Assessment, Rule

    works, services = (
        Rule.objects.get(code="uddannelse-bygge-og-anlaeg").pk,
        Rule.objects.get(code="uddannelse-tjenesteydelser").pk,
    )
    table = Assessment._meta.db_table
    sql = (
        f"INSERT INTO {table} (contract_id, rule_id, code, required, reasons, assessed_on,"  # noqa: S608
        " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    today = "2026-12-05"
    reasons = json.dumps([["kind", "eq", True, "works"]])
    started = time.perf_counter()
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, kind, estimated_value_ore, performed_in_denmark, duration_months"
                " FROM procurement_contract ORDER BY id"
            )
            rows = cursor.fetchall()
            batch = []
            for pk, kind, value, in_dk, months in rows:
                batch.append((pk, works, "uddannelse-bygge-og-anlaeg",
                              kind == "works" and value >= WORKS_THRESHOLD_2026 and months >= 6,
                              reasons, today, now, now))  # fmt: skip
                batch.append((pk, services, "uddannelse-tjenesteydelser",
                              kind == "services" and in_dk and value >= 5 * MIO and months >= 6,
                              reasons, today, now, now))  # fmt: skip
                if len(batch) >= 10_000:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            written += len(batch)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=100_000)
    count = parser.parse_args().contracts
    call_command("migrate", verbosity=0)
    _seed(count)
    from socius.procurement.rules.models import Assessment
    from socius.procurement.rules.services import assessments_refresh

    floor, floor_rows = _floor()
    started = time.perf_counter()
    assessed = assessments_refresh(today=datetime.date(2026, 12, 5))
    ours = time.perf_counter() - started
    rows = Assessment.objects.count()
    required = Assessment.objects.filter(required=True).count()
    print(f"Contracts: {count}; assessed: {assessed}; assessments: {rows} ({required} required)")
    print(f"Floor (raw SELECT, hand-written ifs, executemany of {floor_rows} rows): {floor:.3f} s")
    print(
        f"assessments_refresh: {ours:.3f} s (goal {GOAL_SECONDS:.0f} s); ratio {ours / floor:.2f}x"
    )
    met = ours < GOAL_SECONDS or count != 100_000
    print("MET" if ours < GOAL_SECONDS else "NOT MET")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
