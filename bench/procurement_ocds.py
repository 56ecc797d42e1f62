"""OCDS for 10,000 contracts: the yearly release package generated and everything validated
(goal: under 30 s, memory bounded).

Builds a fresh SQLite database in a temporary folder with one municipality, four departments,
200 suppliers with valid CVR numbers and N contracts of every status (a fifth with two lots, a
third of the running and completed ones with a clause, its reporting periods and an approved
report). Then, in the same run:

- the floor: ``json.dumps`` of the same contract rows (one query, ``.iterator()``), the least
  any export of them costs;
- the package: ``release_package_stream`` for the year, written to a file piece by piece, as
  the download view streams it;
- the validation: every release and every record built again and checked against the
  vendored OCDS 1.1.5 schemas with the sustainability extension (``validation.validate_space``,
  what ``manage.py procurement_ocds_validate`` runs).

Prints the times, the ratio to the floor, the error count (must be 0) and the peak resident
memory of the measured part against the size of the package written (bounded: the peak must
stay under a fixed limit, whatever N).

    .venv/bin/python bench/procurement_ocds.py [--contracts N] [--engine jsonschema|rs]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="socius-ocds-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

GOAL_SECONDS = 30.0
# The measured part may grow the process by at most this much, whatever the number of
# contracts: the package is streamed, one chunk of contracts at a time.
RSS_LIMIT_MB = 200
STATUSES = ["planning", "tender", "awarded", "active", "completed", "cancelled"]


def _cvr_numbers(count: int) -> list[str]:
    from socius.core.validators import cvr_is_valid

    found: list[str] = []
    number = 20_000_000
    while len(found) < count:
        if cvr_is_valid(str(number)):
            found.append(str(number))
        number += 1
    return found


def _space():
    from socius.core.models import Municipality, MunicipalSpace

    space, _ = MunicipalSpace.objects.get_or_create(
        slug="aarhus",
        defaults={
            "municipality": Municipality.objects.get(code="751"),
            "authority": "Aarhus Kommune",
            "contact_email": "kontakt@aarhus.example",
        },
    )
    return space


def _seed(count: int) -> None:
    from django.utils import timezone

    from socius.core.models import Organisation
    from socius.procurement.clauses.models import (
        ClauseVersion,
        ContractClause,
        Obligation,
        SupplierReport,
    )
    from socius.procurement.models import Contract, Department, Lot

    space = _space()
    now = timezone.now()
    with transaction.atomic():
        departments = [
            Department.objects.create(space=space, name=name, slug=slug)
            for name, slug in [
                ("Teknik og Miljø", "teknik-og-miljoe"),
                ("Sociale Forhold og Beskæftigelse", "sociale-forhold"),
                ("Børn og Unge", "boern-og-unge"),
                ("Kultur og Borgerservice", "kultur-og-borgerservice"),
            ]
        ]
        suppliers = Organisation.objects.bulk_create(
            Organisation(
                name=f"Leverandør {i} A/S", slug=f"leverandoer-{i}", kind="company", cvr=cvr
            )
            for i, cvr in enumerate(_cvr_numbers(200))
        )
        contracts = []
        for i in range(count):
            status = STATUSES[i % len(STATUSES)]
            awarded = status in ("awarded", "active", "completed")
            starts = datetime.date(2026, 1 + i % 12, 1)
            contracts.append(
                Contract(
                    space=space, department=departments[i % 4], reference=f"AAR-B-{i:06d}",
                    title=f"Kontrakt nummer {i}", description="Drift og vedligehold." if i % 2 else "",
                    cpv_code=["45000000-7", "90910000-9", "30190000-7"][i % 3],
                    kind=["works", "services", "supplies"][i % 3],
                    estimated_value_ore=100_000_000 + i * 12_345, duration_months=6 + i % 30,
                    starts_on=starts, ends_on=starts + datetime.timedelta(days=180 + i % 400),
                    procedure=["open", "restricted", "direct", "light_regime"][i % 4],
                    supplier=suppliers[i % 200] if awarded else None,
                    awarded_on=datetime.date(2026, 1 + i % 12, 1 + i % 28) if awarded else None,
                    status=status,
                )
            )  # fmt: skip
        contracts = Contract.objects.bulk_create(contracts, batch_size=2000)
        Lot.objects.bulk_create(
            (Lot(contract=c, number=n, title=f"Delaftale {n}", estimated_value_ore=50_000_000, cpv_code="")
             for i, c in enumerate(contracts) if i % 5 == 0 for n in (1, 2)),
            batch_size=2000,
        )  # fmt: skip
        version = (
            ClauseVersion.objects.filter(clause__category="training").order_by("-number").first()
        )
        followed = [
            c for i, c in enumerate(contracts) if c.status in ("active", "completed") and i % 3 == 0
        ]
        clauses = ContractClause.objects.bulk_create(
            (ContractClause(contract=c, version=version, category="training") for c in followed),
            batch_size=2000,
        )
        obligations = Obligation.objects.bulk_create(
            (Obligation(contract_clause=cc, number=n, starts_on=datetime.date(2026, 6 * n - 5, 1),
                        ends_on=datetime.date(2026, 6 * n, 28), due_on=datetime.date(2026, 6 * n, 28),
                        target_trainees=6)
             for cc in clauses for n in (1, 2)),
            batch_size=2000,
        )  # fmt: skip
        SupplierReport.objects.bulk_create(
            (SupplierReport(obligation=o, status="approved", trainees=3 + o.pk % 9, submitted_at=now,
                            reviewed_at=now)
             for o in obligations if o.number == 1),
            batch_size=2000,
        )  # fmt: skip


def _vm_hwm_kb() -> int:
    """The process's peak resident memory since the last reset, in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _vm_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    # Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current resident size.
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _floor(space) -> tuple[float, int]:
    from socius.procurement.models import Contract

    started = time.perf_counter()
    size = 0
    rows = Contract.objects.filter(space=space).values().iterator(chunk_size=500)
    for row in rows:
        size += len(json.dumps(row, default=str, ensure_ascii=False))
    return time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--engine", choices=["jsonschema", "rs"])
    args = parser.parse_args()

    from socius.procurement.ocds import packages, validation
    from socius.procurement.ocds.schemas import fast_engine

    engine = args.engine or fast_engine()
    call_command("migrate", verbosity=0)
    _seed(args.contracts)
    space = _space()
    floor, floor_bytes = _floor(space)

    baseline_kb = _vm_rss_kb()
    reset = _reset_peak()
    started = time.perf_counter()
    out = TMP / "releases.json"
    with out.open("w", encoding="utf-8") as handle:
        for chunk in packages.release_package_stream(space=space, period=packages.Period(2026)):
            handle.write(chunk)
    built = time.perf_counter() - started
    started = time.perf_counter()
    report = validation.validate_space(space=space, year=2026, engine=engine)
    checked = time.perf_counter() - started
    peak_kb = _vm_hwm_kb()
    total = built + checked
    growth_mb = (peak_kb - baseline_kb) / 1024 if reset else float("nan")

    print(f"Contracts: {args.contracts}; engine: {engine}")
    print(
        f"Floor (json.dumps of the same rows): {floor:.3f} s ({floor_bytes / 1e6:.1f} MB of JSON)"
    )
    print(f"Release package streamed to a file: {built:.3f} s ({out.stat().st_size / 1e6:.1f} MB)")
    print(
        f"Validated {report.releases} releases and {report.records} records: {checked:.3f} s, "
        f"{len(report.errors)} errors"
    )
    print(
        f"Total: {total:.3f} s (goal {GOAL_SECONDS:.0f} s); ratio to the floor {total / floor:.1f}x"
    )
    print(
        f"Memory: resident {baseline_kb / 1024:.0f} MB before, peak {peak_kb / 1024:.0f} MB during "
        f"(growth {growth_mb:.0f} MB, limit {RSS_LIMIT_MB} MB"
        + ("" if reset else "; peak since start, the reset is Linux-only")
        + ")"
    )
    for error in report.errors[:10]:
        print(error)
    ok = total < GOAL_SECONDS and not report.errors and (not reset or growth_mb < RSS_LIMIT_MB)
    print("Goal:", "MET" if ok else "NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
