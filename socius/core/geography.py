"""Reading Statistics Denmark's geography file into regions and municipalities.

Used both by the migration that first loads the data and by ``manage.py load_municipalities``;
it takes the model classes as arguments so the migration can pass its historical models.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Christiansø has a code in the hierarchy but is run by the state, not a municipality:
# Denmark has 98 municipalities.
NOT_MUNICIPALITIES = frozenset({"411"})
REQUIRED_COLUMNS = frozenset({"KODE", "NIVEAU", "TITEL", "Region", "Landsdel"})


class GeographyError(ValueError):
    pass


def geography_read(path: Path) -> list[dict[str, str]]:
    """The rows of a semicolon-separated DST geography file, checked for its columns."""
    try:
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter=";"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GeographyError(f"Cannot read {path}: {exc}") from exc
    if not rows or not set(rows[0]) >= REQUIRED_COLUMNS:
        raise GeographyError(f"{path} lacks the columns {sorted(REQUIRED_COLUMNS)}")
    return rows


def geography_load(
    rows: Iterable[dict[str, str]],
    region_model: Any,
    municipality_model: Any,
    progress: Callable[[Iterable[dict[str, str]]], Iterable[dict[str, str]]] = iter,
) -> tuple[int, int]:
    """Create or update regions and municipalities; returns how many of each."""
    regions: dict[str, Any] = {}
    municipalities = 0
    for row in progress(rows):
        level, code = row["NIVEAU"].strip(), row["KODE"].strip()
        if not code.isdigit():
            raise GeographyError(f"Bad code {code!r}")
        if level == "1":
            regions[row["Region"]], _ = region_model.objects.update_or_create(
                code=int(code), defaults={"name": row["TITEL"].strip()}
            )
        elif level == "3" and code not in NOT_MUNICIPALITIES:
            if row["Region"] not in regions:
                raise GeographyError(f"Municipality {code} names an unknown region")
            municipality_model.objects.update_or_create(
                code=code.zfill(3),
                defaults={
                    "name": row["TITEL"].strip(),
                    "region": regions[row["Region"]],
                    "landsdel": row["Landsdel"].strip(),
                },
            )
            municipalities += 1
    return len(regions), municipalities
