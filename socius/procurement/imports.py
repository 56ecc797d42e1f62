"""Reading a CSV file of contracts: decoding, the columns, and checking each row.

Threat model: the file comes from a buyer's spreadsheet and may have been touched by anyone
on the way. It may carry formula cells ("=HYPERLINK(...)", "+cmd|...", "-2+3", "@SUM(...)")
meant to run when someone later opens an export in a spreadsheet; such cells are refused,
never stored. It may be in an encoding we cannot read with certainty; only UTF-8 (with or
without BOM) and Windows-1252 are accepted, and anything else is refused rather than guessed.
Its size and row count are bounded so parsing stays cheap. Nothing is saved unless every row
passes (``services.contracts_import``).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socius.core.dates import date_parse
from socius.core.money import AmountError, parse_danish_amount
from socius.core.validators import cvr_is_valid, normalise_cvr
from socius.procurement.cpv import cpv_kind, cpv_normalise
from socius.procurement.models import Contract, Department

if TYPE_CHECKING:
    from socius.core.models import MunicipalSpace

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 5000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "reference",
    "title",
    "department",
    "cpv",
    "value",
    "in_denmark",
    "duration_months",
    "starts_on",
    "ends_on",
    "awarded_on",
    "procedure",
    "status",
    "supplier_cvr",
    "supplier_name",
    "description",
]
REQUIRED = {"reference", "title", "department", "cpv", "value", "duration_months"}
YES = {"ja", "j", "yes", "y", "1", "x", "sand", "true"}
NO = {"nej", "n", "no", "0", "", "falsk", "false"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, size, header)."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    created: int
    problems: list[RowProblem] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or Windows-1252; anything else is refused."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is too large: at most 2 MB."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ImportFileError(
            _('The file is not in UTF-8 or Windows-1252. Save it as "CSV UTF-8" and try again.')
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _('The file is not in UTF-8 or Windows-1252. Save it as "CSV UTF-8" and try again.')
        ) from exc
    return text


def csv_rows(text: str) -> list[dict[str, str]]:
    """Rows as dicts with a ``_line`` key; ";" or "," as the separator, as Excel writes it."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty.")) from exc
    missing = sorted(REQUIRED - set(header))
    if missing:
        raise ImportFileError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows: list[dict[str, str]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has too many rows: at most 5000."))
        row = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        row["_line"] = str(reader.line_num)
        rows.append(row)
    return rows


def _amount_ore(text: str) -> int:
    """ "4.999.999,99", "5.000.000 kr." or "5 mio." (million kroner) in øre."""
    cleaned = text.strip()
    match = re.fullmatch(r"(.+?)\s*mio\.?(?:\s*kr\.?)?", cleaned, re.IGNORECASE)
    if match:
        millions = parse_danish_amount(match.group(1))
        return int(millions * 100_000_000)
    return int(parse_danish_amount(cleaned) * 100)


def _date(text: str, label: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    day = date_parse(text)
    if day is not None:
        return day
    raise ValidationError(
        _("%(label)s is not a date; write it as 2026-03-31 or 31-03-2026.") % {"label": label}
    )


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to the day after end (1 Jan to 31 Dec is 12)."""
    after = end + datetime.timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month - (after.day < start.day)


def _choice(value: str, choices: Any, default: str, label: str) -> str:
    value = value.strip().lower()
    if not value:
        return default
    for key, name in choices.choices:
        if value in (key, str(name).lower()):
            return key
    raise ValidationError(_("%(label)s is not one of the known values.") % {"label": label})


def row_fields(row: dict[str, str], departments: dict[str, Department]) -> dict[str, Any]:
    """One row as contract fields; raises ValidationError with the reason."""
    for name, value in row.items():
        if name == "_line":
            continue
        if len(value) > MAX_CELL:
            raise ValidationError(_("The column %(column)s is too long.") % {"column": name})
        if value.strip().startswith(FORMULA_START) and name != "value":
            raise ValidationError(
                _("The column %(column)s starts with a formula character (= + - @).")
                % {"column": name}
            )
    for name in REQUIRED:
        if not row.get(name, "").strip():
            raise ValidationError(_("The column %(column)s is empty.") % {"column": name})
    value_text = row["value"].strip()
    if value_text.startswith(("=", "+", "@")):
        raise ValidationError(_("The value starts with a formula character (= + @)."))
    try:
        value_ore = _amount_ore(value_text)
    except AmountError as exc:
        raise ValidationError(_("The value: %(reason)s") % {"reason": str(exc)}) from exc
    department = departments.get(row["department"].strip().casefold())
    if department is None:
        raise ValidationError(
            _("The department %(name)s does not exist.") % {"name": row["department"].strip()[:80]}
        )
    cpv = cpv_normalise(row["cpv"])
    months_text = row["duration_months"].strip()
    if not months_text.isdigit() or not 1 <= int(months_text) <= 600:
        raise ValidationError(_("The duration must be a whole number of months from 1 to 600."))
    months = int(months_text)
    starts_on = _date(row.get("starts_on", ""), _("The start date"))
    ends_on = _date(row.get("ends_on", ""), _("The end date"))
    if starts_on and ends_on:
        if ends_on < starts_on:
            raise ValidationError(_("The contract cannot end before it starts."))
        if abs(months_between(starts_on, ends_on) - months) > 1:
            raise ValidationError(
                _("The duration of %(months)s months does not match the dates.")
                % {"months": months}
            )
    awarded_on = _date(row.get("awarded_on", ""), _("The award date"))
    in_dk = row.get("in_denmark", "").strip().lower()
    if in_dk not in YES | NO:
        raise ValidationError(_("in_denmark must be ja or nej."))
    cvr = normalise_cvr(row.get("supplier_cvr", ""))
    if cvr and not cvr_is_valid(cvr):
        raise ValidationError(_("The supplier's CVR number is not valid."))
    reference = row["reference"].strip()
    if len(reference) > 64 or len(row["title"].strip()) > 300:
        raise ValidationError(_("The reference or the title is too long."))
    return {
        "reference": reference,
        "title": row["title"].strip(),
        "description": row.get("description", "").strip(),
        "department": department,
        "cpv_code": cpv,
        "kind": cpv_kind(cpv),
        "estimated_value_ore": value_ore,
        "performed_in_denmark": in_dk in YES or in_dk == "",
        "duration_months": months,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "awarded_on": awarded_on,
        "procedure": _choice(
            row.get("procedure", ""), Contract.Procedure, Contract.Procedure.OPEN, "procedure"
        ),
        "status": _choice(
            row.get("status", ""), Contract.Status, Contract.Status.PLANNING, "status"
        ),
        "supplier_cvr": cvr,
        "supplier_name": row.get("supplier_name", "").strip()[:200],
    }


def rows_check(
    *, space: MunicipalSpace, rows: list[dict[str, str]]
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """Every row checked: the fields of the good ones, the problems of the others."""
    departments: dict[str, Department] = {}
    for d in Department.objects.filter(space=space):
        departments[d.name.casefold()] = d
        departments[d.slug.casefold()] = d
    existing = set(Contract.objects.filter(space=space).values_list("reference", flat=True))
    seen: set[str] = set()
    checked: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    for index, row in enumerate(rows, start=2):
        line = int(row.get("_line") or index)
        try:
            fields = row_fields(row, departments)
            if fields["reference"] in existing or fields["reference"] in seen:
                raise ValidationError(_("The reference is already used."))
        except ValidationError as exc:
            problems.append(RowProblem(line, "; ".join(str(m) for m in exc.messages)))
            continue
        seen.add(fields["reference"])
        checked.append((line, fields))
    return checked, problems
