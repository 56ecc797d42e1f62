"""Reading a municipality's income quintile counts per area from a CSV file.

Threat model: the file comes from a municipal administrator's computer and may be anything (a
spreadsheet saved in the wrong format, a file with formulas, a huge file, hostile text). It is
read as text only, never evaluated; its size and number of rows are bounded before parsing;
every cell is checked, and a row that fails any check is refused with its line number and the
reason, so nothing half-read is stored. Names and codes are stored as text and escaped wherever
they are shown; CSV downloads make them formula-safe (core.csv_export).

The file: UTF-8 (a byte-order mark is fine), ``;`` or ``,`` between cells, and a header row
naming the columns ``kode;navn;laveste_kvintil;hoejeste_kvintil;beboere`` (or ``code;name;
lowest;highest;residents``). Counts are whole numbers of residents; "1.234" is read as 1234.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COUNT = 10_000_000
COLUMNS = ("code", "name", "lowest", "highest", "residents")
HEADER_ALIASES = {
    "kode": "code",
    "code": "code",
    "navn": "name",
    "name": "name",
    "laveste_kvintil": "lowest",
    "lowest": "lowest",
    "hoejeste_kvintil": "highest",
    "højeste_kvintil": "highest",
    "highest": "highest",
    "beboere": "residents",
    "residents": "residents",
}
_COUNT = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)", re.ASCII)


class IncomeFileError(ValueError):
    """The whole file cannot be read (nothing is imported); the message says why."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class IncomeRow:
    line: int
    code: str
    name: str
    lowest: int
    highest: int
    residents: int


@dataclass
class IncomeFile:
    rows: list[IncomeRow] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def _count(text: str) -> int | None:
    text = text.strip().replace(" ", "")
    if not _COUNT.fullmatch(text):
        return None
    value = int(text.replace(".", ""))
    return value if value <= MAX_COUNT else None


def _header(cells: list[str]) -> list[str]:
    names = [HEADER_ALIASES.get(c.strip().lower().lstrip("\ufeff")) for c in cells]
    if sorted(n for n in names if n) != sorted(COLUMNS) or len(names) != len(COLUMNS):
        raise IncomeFileError(
            _(
                "The first line must name the columns: kode;navn;laveste_kvintil;hoejeste_kvintil;"
                "beboere."
            )  # fmt: skip
        )
    return [n or "" for n in names]


def _row(line: int, cells: dict[str, str], seen: set[str]) -> IncomeRow | str:
    """The row, or the reason it is refused."""
    code, name = cells["code"].strip(), cells["name"].strip()
    if not code or len(code) > 40:
        return str(_("The area code is missing or longer than 40 characters."))
    if not name or len(name) > 200:
        return str(_("The area name is missing or longer than 200 characters."))
    if code in seen:
        return str(_("The area code appears twice in the file."))
    counts = [_count(cells[k]) for k in ("lowest", "highest", "residents")]
    if any(c is None for c in counts):
        return str(_("The counts must be whole numbers of residents, 0 or more."))
    lowest, highest, residents = (int(c or 0) for c in counts)
    if lowest + highest > residents:
        return str(_("The two quintiles together hold more people than the area's residents."))
    return IncomeRow(line, code, name, lowest, highest, residents)


def income_file_read(data: bytes) -> IncomeFile:
    """Every accepted row and every refused line with its reason (``IncomeFileError`` when the
    file as a whole cannot be read)."""
    if len(data) > MAX_BYTES:
        raise IncomeFileError(_("The file is too large: at most 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IncomeFileError(_("Save the file as CSV in UTF-8 and try again.")) from exc
    if "\x00" in text:
        raise IncomeFileError(_("Save the file as CSV in UTF-8 and try again."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except StopIteration as exc:
        raise IncomeFileError(_("The file is empty.")) from exc
    except csv.Error as exc:
        raise IncomeFileError(_("Save the file as CSV in UTF-8 and try again.")) from exc
    result = IncomeFile()
    try:
        _rows_read(reader, header, result)
    except csv.Error as exc:
        raise IncomeFileError(_("Save the file as CSV in UTF-8 and try again.")) from exc
    return result


def _rows_read(reader: Iterator[list[str]], header: list[str], result: IncomeFile) -> None:
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if line - 1 > MAX_ROWS:
            raise IncomeFileError(_("The file has too many rows: at most 5,000 areas."))
        if len(cells) != len(header):
            result.refused.append((line, str(_("The line does not have 5 cells."))))
            continue
        row = _row(line, dict(zip(header, cells, strict=True)), seen)
        if isinstance(row, str):
            result.refused.append((line, row))
        else:
            seen.add(row.code)
            result.rows.append(row)
