"""The house rule for CSV downloads (core.csv_export), checked on a response in any module."""

from __future__ import annotations

import csv
import io
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows_checked(response: Any) -> list[list[str]]:
    """Assert the rule (UTF-8 with BOM, ';', a named attachment, no cell a spreadsheet would
    run as a formula) and return the rows, header first."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows, "no header row"
    assert len(rows[0]) > 1, "one column only: the separator is not ';'"
    assert all(len(row) == len(rows[0]) for row in rows), "ragged rows"
    for row in rows:
        for cell in row:
            # a number may be negative; anything else starting so must be quoted text
            assert not cell.startswith(DANGEROUS) or _is_number(cell), cell
    return rows


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
