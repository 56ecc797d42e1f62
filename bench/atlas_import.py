"""Benchmark the atlas's StatBank BULK import against a raw INSERT floor in the same run.

Run from the project root: ``.venv/bin/python -m bench.atlas_import``. It uses a throwaway
SQLite database. A synthetic table of 1,000,064 cells (one indicator: all Denmark, the 5
regions and the 98 municipalities × 9,616 periods) is written as a BULK answer (byte-order mark,
semicolons, CRLF, some ``..`` and ``-``) to a temporary file and served by a small HTTP server
on loopback. Then:

1. **import**: ``socius.atlas.sources.fetch.indicator_fetch`` - the real path: ``/tableinfo``,
   the checked query, the BULK answer streamed to a spool file, parsed line by line, every
   cell checked (geography, bounds, duplicates) and written in batches in one transaction,
   the source version and the audit entry;
2. **floor**: the same rows written with plain ``executemany`` INSERTs into the same table in
   batches of 5,000 in one transaction (rolled back afterwards), from tuples built in the
   loop: no HTTP, no parsing, no checks;
3. **unchanged re-fetch**: the same answer again (skipped: same checksum);
4. peak memory: the process's peak resident size during the import (Linux ``VmHWM``, reset
   just before it; the floor runs after it, so it does not count), and for reference the
   resident size before it and the whole process's peak, which ``django.setup()`` sets.

Goals: the import under 60 s and peak RSS under 200 MB. Writes
``bench/out/atlas-import-section.md``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TMP = Path(tempfile.mkdtemp(prefix="socius-atlas-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

PERIODS = 9_616
GOAL_SECONDS = 60.0
GOAL_RSS_MB = 200.0


def _periods() -> list[str]:
    return [f"{2000 + i // 12}M{i % 12 + 1:02d}" for i in range(PERIODS)]


def _areas() -> list[str]:
    from socius.core.models import Municipality

    return [
        "000",
        "081",
        "082",
        "083",
        "084",
        "085",
        *sorted(Municipality.objects.values_list("code", flat=True)),
    ]


def _value(area_index: int, period_index: int) -> str:
    cell = area_index * PERIODS + period_index
    if cell % 997 == 0:
        return ".."
    if cell % 991 == 0:
        return "-"
    return str(1_000 + (cell * 7919) % 900_000)


def _bulk_file(areas: list[str], periods: list[str]) -> Path:
    path = TMP / "answer.csv"
    with path.open("wb") as out:
        out.write(b"\xef\xbb\xbf" + "OMRÅDE;TID;INDHOLD\r\n".encode())
        for a, area in enumerate(areas):
            lines = [f"{area};{period};{_value(a, p)}\r\n" for p, period in enumerate(periods)]
            out.write("".join(lines).encode())
    return path


def _table_info(areas: list[str], periods: list[str]) -> bytes:
    return json.dumps(
        {
            "id": "BENCH1",
            "text": "Synthetic table for the benchmark",
            "unit": "antal",
            "variables": [
                {
                    "id": "OMRÅDE",
                    "map": "denmark_municipality_07",
                    "values": [{"id": a} for a in areas],
                },
                {"id": "Tid", "time": True, "values": [{"id": p} for p in periods]},
            ],
        }
    ).encode()


def _setup() -> Any:
    from socius.atlas.models import Indicator, Source

    source = Source.objects.create(key="bench", title="Benchmark", publisher="Socius")
    return Indicator.objects.create(
        code="bench",
        title="Benchmark",
        unit="antal",
        definition="Syntetisk indikator til benchmark.",
        source=source,
        source_table="BENCH1",
        counts_people=True,
        query={
            "value": {
                "table": "BENCH1",
                "format": "BULK",
                "variables": [
                    {"code": "OMRÅDE", "values": ["*"]},
                    {"code": "Tid", "values": ["*"]},
                ],
            }
        },
    )


def _floor(indicator: Any, areas: list[str], periods: list[str], version_id: int) -> float:
    from socius.atlas.services import _insert_sql

    ops = connection.ops
    sql = _insert_sql()
    started = time.perf_counter()
    now = ops.adapt_datetimefield_value(django.utils.timezone.now())
    with transaction.atomic():
        with connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for a, raw in enumerate(areas):
                region = raw.startswith("08")
                area = f"1{raw}" if region else raw
                level = "country" if area == "000" else "region" if region else "municipality"
                for p, period in enumerate(periods):
                    text = _value(a, p)
                    value = (
                        ops.adapt_decimalfield_value(int(text), 20, 6)
                        if text[0].isdigit()
                        else None
                    )
                    status = "value" if value is not None else "missing"
                    batch.append(
                        (
                            indicator.pk,
                            level,
                            area,
                            period,
                            value,
                            None,
                            None,
                            status,
                            version_id,
                            now,
                            now,
                        )
                    )
                    if len(batch) == 5_000:
                        cursor.executemany(sql, batch)
                        batch = []
            if batch:
                cursor.executemany(sql, batch)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def _status_mb(field: str) -> float:
    """A line of /proc/self/status (VmRSS: resident now; VmHWM: its peak) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_reset() -> None:
    # Linux: writing 5 to clear_refs resets VmHWM, so the peak measured is the import's own
    # (django.setup() of every app peaks at about 190 MB and then gives part of it back).
    Path("/proc/self/clear_refs").write_text("5")


def main() -> int:
    # Migrating in a process of its own keeps its memory (every app's migration graph) out of
    # this process's peak, which is the import's to measure.
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "migrate", "--verbosity=0"], check=True, env=os.environ
    )
    from socius.atlas.models import Observation
    from socius.atlas.sources.fetch import indicator_fetch
    from socius.atlas.sources.statbank import StatBankClient
    from socius.atlas.tests.fixtures.statbank_server import StatBankStub

    indicator = _setup()
    areas, periods = _areas(), _periods()
    answer = _bulk_file(areas, periods)
    cells = len(areas) * len(periods)
    size_mb = answer.stat().st_size / 2**20

    def stream(out: Any) -> None:
        with answer.open("rb") as source:
            while chunk := source.read(256 * 1024):
                out.write(chunk)

    stub = StatBankStub()
    stub.on("tableinfo", "BENCH1", _table_info(areas, periods))
    stub.on("data", "BENCH1", stream, content_type="text/csv")
    stub.thread.start()
    client = StatBankClient(stub.url)
    _peak_reset()
    rss_before = _status_mb("VmRSS")

    started = time.perf_counter()
    result = indicator_fetch(actor=None, indicator=indicator, client=client)
    import_seconds = time.perf_counter() - started
    rss_mb = _status_mb("VmHWM")
    setup_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert result.created == cells, result
    assert Observation.objects.count() == cells

    started = time.perf_counter()
    again = indicator_fetch(actor=None, indicator=indicator, client=client)
    refetch_seconds = time.perf_counter() - started
    assert again.skipped

    # The floor writes into the same table; its rows are rolled back.
    floor_indicator = type(indicator).objects.create(
        code="bench-floor", title="Floor", unit="antal", definition="-", source=indicator.source
    )
    floor_seconds = _floor(floor_indicator, areas, periods, result.version.pk)
    stub.server.shutdown()

    ratio = import_seconds / floor_seconds
    added = rss_mb - rss_before
    time_met = import_seconds < GOAL_SECONDS
    memory_met = rss_mb < GOAL_RSS_MB
    load = os.getloadavg()[0]
    lines = [
        f"Cells: {cells:,} (answer {size_mb:.1f} MB); load average at the end {load:.1f}",
        "",
        "| measurement | time | floor (same run) | ratio |",
        "|:---|---:|---:|---:|",
        f"| BULK import of {cells:,} cells (fetch, parse, check, write) | {import_seconds:.1f} s "
        f"| {floor_seconds:.1f} s (executemany INSERT) | {ratio:.2f} |",
        f"| the same answer again (skipped by checksum) | {refetch_seconds:.1f} s | | |",
        "",
        f"Resident memory: {rss_before:.0f} MB before the import (Django with every app loaded), "
        f"peak {rss_mb:.0f} MB during it: the import itself adds {added:.0f} MB. "
        f"The whole process's peak, django.setup() included: {setup_peak:.0f} MB.",
        f"Goal, import under {GOAL_SECONDS:.0f} s: **{'MET' if time_met else 'NOT MET'}**. "
        f"Goal, peak resident memory under {GOAL_RSS_MB:.0f} MB: "
        f"**{'MET' if memory_met else 'NOT MET'}** for the process"
        + ("" if memory_met else f" (the import's own share, {added:.0f} MB, is far below it)")
        + ".",
    ]
    text = "\n".join(lines)
    print(text)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "atlas-import-section.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(status)
