"""Scans of a dataset's CSV files before anything is stored: small cells and personal data.

Threat model. A researcher means well but publishes by mistake what may identify people:
a count of 1 to 4 people in a cell (a "small cell", which lets a reader single out
someone in a small municipality or group), or a CPR number, an e-mail address or a phone
number left in a file. The scans refuse such a file with the cells named (file, row,
column) so the researcher can fix them; the values themselves are never repeated in the
message or logged. They are heuristics for honest mistakes, not a guarantee against a
determined publisher (a CPR number written with spaces, a phone number spelled out):
reviewers can still take a dataset down.

- Small cells: a field counts people when its Table Schema says so (``"socius:counts_people":
  true``) or, unless it says ``false``, when it is an integer field named like a count
  (``antal``, ``count``, ``n``, ``personer``). Any value from 1 to 4 blocks the file; 0 and
  missing values do not.
- CPR numbers: ``DDMMYY-SSSS`` or ten digits in a row whose first six are a real date in the
  century the seventh digit gives. The modulus-11 check is not used: CPR numbers issued since
  2007 need not pass it.
- E-mail addresses: ``name@domain.tld``.
- Danish phone numbers: eight digits starting with 2-9, optionally grouped in pairs or fours
  and optionally after ``+45`` or ``0045``. Eight bare digits are a phone number only in a
  text field; in a numeric field they are an amount (kroner), so there only a number written
  with ``+45`` counts.

Streaming and bounded: the file is read one row at a time (never whole into memory), at most
``MAX_FINDINGS`` cells are named per file (the total is still counted), and a cell longer than
``MAX_CELL`` characters is an error of the CSV reader, not a slow regular expression.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socius.core.disclosure import is_small_count

COUNTS_PEOPLE = "socius:counts_people"
COUNT_NAMES = frozenset({"antal", "count", "n", "personer"})
MAX_FINDINGS = 20
MAX_CELL = 100_000

_CPR = re.compile(r"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{2})-?([0-9])[0-9]{3}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_DIGITS = r"[2-9][0-9](?: ?[0-9]{2}){3}"
_PHONE = re.compile(rf"(?<![0-9+.,])(?:(?:\+|00)45 ?)?{_PHONE_DIGITS}(?![0-9]|[.,][0-9])")
_PHONE_PREFIXED = re.compile(rf"(?<![0-9])(?:\+|00)45 ?{_PHONE_DIGITS}(?![0-9])")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_NAME_TOKENS = re.compile(r"[^a-zæøå0-9]+")


def _century(year: int, digit: int) -> int:
    """The full year of a CPR number from its two-digit year and its seventh digit."""
    if digit <= 3:
        return 1900 + year
    if digit in (4, 9):
        return (2000 if year <= 36 else 1900) + year
    return (2000 if year <= 57 else 1800) + year


def _cpr_date_valid(day: int, month: int, year: int, digit: int) -> bool:
    try:
        datetime.date(_century(year, digit), month, day)
    except ValueError:
        return False
    return True


def cpr_in(text: str) -> bool:
    """Whether ``text`` holds something that reads as a CPR number (see module docstring)."""
    for m in _CPR.finditer(text):
        day, month, year, digit = (int(g) for g in m.groups())
        if _cpr_date_valid(day, month, year, digit):
            return True
    return False


def email_in(text: str) -> bool:
    """Whether ``text`` holds an e-mail address."""
    return "@" in text and _EMAIL.search(text) is not None


def phone_in(text: str, *, numeric: bool = False) -> bool:
    """Whether ``text`` holds a Danish phone number; in a ``numeric`` field only one written
    with the country code counts (eight bare digits there are an amount)."""
    return (_PHONE_PREFIXED if numeric else _PHONE).search(text) is not None


def counts_people(schema_field: dict[str, Any]) -> bool:
    """Whether a Table Schema field counts people (see module docstring)."""
    explicit = schema_field.get(COUNTS_PEOPLE)
    if isinstance(explicit, bool):
        return explicit
    if schema_field.get("type") != "integer":
        return False
    name = str(schema_field.get("name", "")).lower()
    tokens = {t for t in _NAME_TOKENS.split(name) if t}
    return bool(tokens & COUNT_NAMES) or name.startswith("antal")


def small_cell(value: str) -> bool:
    """Whether ``value`` (a cell of a field that counts people) is a count from 1 to 4."""
    text = value.strip()
    if _INTEGER.fullmatch(text):
        return int(text) >= 1 and is_small_count(int(text))
    if _NUMBER.fullmatch(text):
        number = float(text.replace(",", "."))
        return number > 0 and is_small_count(number)
    return False


class Kind:
    SMALL_CELL = "small_cell"
    CPR = "cpr"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class Finding:
    """One cell that blocks a file: ``row`` counts the header as row 1, as a spreadsheet does."""

    kind: str
    file: str
    row: int
    column: str


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    def add(self, finding: Finding) -> None:
        self.total += 1
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)


@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    counts_people: bool
    numeric: bool


def _columns(header: Sequence[str], fields: Sequence[dict[str, Any]]) -> list[_Column]:
    by_name = {str(f.get("name")): f for f in fields}
    columns = []
    for index, name in enumerate(header):
        f = by_name.get(name, {"name": name, "type": "string"})
        numeric = f.get("type") in ("integer", "number")
        columns.append(_Column(index, name, counts_people(f), numeric))
    return columns


def scan_rows(
    *,
    file: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    fields: Sequence[dict[str, Any]],
    missing_values: Iterable[str] = ("",),
) -> ScanResult:
    """Scan the data rows (after ``header``) of one file; the first data row is row 2."""
    result = ScanResult()
    missing = frozenset(missing_values)
    columns = _columns(header, fields)
    for row_number, row in enumerate(rows, start=2):
        for column in columns:
            if column.index >= len(row):
                break
            value = row[column.index]
            if value in missing:
                continue
            kind = _cell_kind(value, column)
            if kind is not None:
                result.add(Finding(kind, file, row_number, column.name))
    return result


def _cell_kind(value: str, column: _Column) -> str | None:
    if column.counts_people and small_cell(value):
        return Kind.SMALL_CELL
    if cpr_in(value):
        return Kind.CPR
    if email_in(value):
        return Kind.EMAIL
    if phone_in(value, numeric=column.numeric):
        return Kind.PHONE
    return None


def scan_csv(
    path: Path,
    *,
    file: str,
    delimiter: str,
    fields: Sequence[dict[str, Any]],
    missing_values: Iterable[str] = ("",),
) -> ScanResult:
    """Scan one UTF-8 CSV file on disk, a row at a time (see ``scan_rows``)."""
    csv.field_size_limit(MAX_CELL)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, [])
        return scan_rows(
            file=file, header=header, rows=reader, fields=fields, missing_values=missing_values
        )
