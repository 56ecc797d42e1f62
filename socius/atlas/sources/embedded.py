"""The figures shipped with Socius: ``data/indikatorer.csv`` (one row per municipality, one
column per indicator) and the indicators' definitions in ``data/indicators.json``.

Threat model: as for every source (see ``parsers``); a file given with ``atlas_load --file``
may be hostile, so it is read as strictly as an answer from the network.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.atlas.models import ALL_DENMARK, Source, Status
from socius.atlas.services import ImportResult, indicators_sync, observations_import
from socius.atlas.sources.parsers import Cell, data_error, number_read
from socius.core.models import Municipality

if TYPE_CHECKING:
    from socius.accounts.models import User

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CSV = DATA_DIR / "indikatorer.csv"
DEFINITIONS = DATA_DIR / "indicators.json"
MAX_BYTES = 5 * 1024 * 1024

_PUBLISHERS = {
    "sundhedsprofilen": {
        "publisher": "Sundhedsstyrelsen og Statens Institut for Folkesundhed, SDU",
        "licence": "",
        "url": "https://www.danskernessundhed.dk/",
        "attribution": "Kilde: Den Nationale Sundhedsprofil 2025 (Sundhedsstyrelsen)",
    }
}


@cache
def definitions() -> dict[str, Any]:
    """The sources and indicators as shipped, with each source's publisher and licence."""
    data = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
    for source in data["sources"]:
        table = source["table"]
        source.update(
            _PUBLISHERS.get(source["key"])
            or {
                "publisher": "Danmarks Statistik",
                "licence": "CC BY 4.0",
                "url": f"https://www.statistikbanken.dk/{table}",
                "attribution": f"Danmarks Statistik, StatBank {table}",
            }
        )
    return data


def definitions_sync(*, actor: User | None = None) -> list[str]:
    """Bring the database's sources and indicators in line with the shipped definitions."""
    data = definitions()
    return indicators_sync(actor=actor, sources=data["sources"], indicators=data["indicators"])


@dataclass
class WideFile:
    cells: list[Cell]
    rows: list[tuple[int, str]]  # line number and municipality code of each row


def wide_read(data: bytes) -> WideFile:
    """Cells of a file in the shape of ``indikatorer.csv``: comma-separated UTF-8, a header
    ``kommunekode,kommune,<column>...`` naming indicator columns, one row per municipality."""
    if len(data) > MAX_BYTES:
        raise data_error(_("The file is larger than %(limit)s MB."), limit=MAX_BYTES // 2**20)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise data_error(
            _("The file is not UTF-8 text (a wrong byte on line %(line)s)."), line=line
        ) from exc
    columns = {i["column"]: i for i in definitions()["indicators"]}
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(rows, [])]
        if header[:2] != ["kommunekode", "kommune"]:
            raise data_error(_("The file must start with the columns kommunekode and kommune."))
        if len(set(header)) != len(header):
            raise data_error(_("The header names a column twice."))
        unknown = [h for h in header[2:] if h not in columns]
        if unknown:
            raise data_error(
                _("Unknown column “%(column)s” in the header."), column=unknown[0][:40]
            )
        cells: list[Cell] = []
        codes: list[tuple[int, str]] = []
        for number, row in enumerate(rows, start=2):
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise data_error(
                    _("Line %(line)s has %(got)s cells, not %(wanted)s."),
                    line=number,
                    got=len(row),
                    wanted=len(header),
                )
            codes.append((number, row[0].strip()))
            for name, text_value in zip(header[2:], row[2:], strict=True):
                where = _("Line %(line)s, column %(column)s") % {"line": number, "column": name}
                value, status = number_read(text_value, where)
                indicator = columns[name]
                cells.append(
                    Cell(
                        indicator["code"], row[0].strip(), indicator["period"], value, status, where
                    )
                )
    except csv.Error as exc:
        raise data_error(_("The file is not valid CSV: %(error)s."), error=str(exc)[:100]) from exc
    return WideFile(cells, codes)


def _rows_checked(wide: WideFile) -> None:
    """Each row is one of the 98 municipalities, once."""
    known = set(Municipality.objects.values_list("code", flat=True))
    first: dict[str, int] = {}
    for line, code in wide.rows:
        if code not in known:
            raise data_error(
                _("Line %(line)s: “%(code)s” is not the code of one of the 98 municipalities."),
                line=line,
                code=code[:20],
            )
        if code in first:
            raise data_error(
                _("Line %(line)s: municipality %(code)s comes twice (also on line %(first)s)."),
                line=line,
                code=code,
                first=first[code],
            )
        first[code] = line


def _population_sums(cells: list[Cell]) -> list[Cell]:
    """All Denmark and each region as the sum of its municipalities' population, when every
    municipality has a figure. Christiansø (411) belongs to no municipality and is not in it."""
    population = [c for c in cells if c.indicator == "folketal"]
    regions = dict(Municipality.objects.values_list("code", "region__code"))
    if len(population) != len(regions) or any(c.status != Status.VALUE for c in population):
        return []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for cell in population:
        region = regions.get(cell.area.strip())
        if region is None:
            return []  # the import reports the unknown code
        totals[ALL_DENMARK] += cell.value or 0
        totals[f"10{region:02d}"] += cell.value or 0
    period = population[0].period
    return [
        Cell("folketal", code, period, total, Status.VALUE, _("Sum of the municipalities"))
        for code, total in sorted(totals.items())
    ]


def _digest(cells: list[Cell]) -> str:
    digest = hashlib.sha256()
    for c in cells:
        digest.update(f"{c.indicator};{c.area};{c.period};{c.value};{c.status}\n".encode())
    return digest.hexdigest()


@transaction.atomic
def embedded_load(
    *,
    actor: User | None = None,
    path: Path = DEFAULT_CSV,
    progress: Callable[[int], object] | None = None,
) -> list[ImportResult]:
    """Load the definitions and the figures of ``path`` (default: the shipped file), one
    source version per source whose figures changed; all or nothing. Idempotent."""
    definitions_sync(actor=actor)
    wide = wide_read(path.read_bytes())
    _rows_checked(wide)
    cells = wide.cells + _population_sums(wide.cells)
    source_of = {i["code"]: i["source"] for i in definitions()["indicators"]}
    by_source: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_source[source_of[cell.indicator]].append(cell)
    origin = f"socius/atlas/data/{path.name}" if path == DEFAULT_CSV else path.name
    now = timezone.now()
    results = []
    for key, source_cells in sorted(by_source.items()):
        results.append(
            observations_import(
                actor=actor,
                source=Source.objects.get(key=key),
                rows=source_cells,
                fetched_at=now,
                origin=origin,
                checksum=_digest(source_cells),
                progress=progress,
            )
        )
    return results
