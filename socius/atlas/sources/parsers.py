"""Reading figures out of the formats sources publish them in: StatBank's BULK (semicolon CSV)
and JSON-stat 2.0, and the wide CSV shipped with Socius.

Threat model: every byte here comes from outside (a file someone hands an editor, or an answer
from the network that may be cut off, malformed or hostile). The parsers never evaluate a
cell, never guess an encoding (UTF-8 only, a byte-order mark allowed), refuse NaN and
infinities, spreadsheet formulas, duplicated keys and sizes that do not add up, and name the
line, cell or key of the first problem in a translated message. They stream where the format
allows it (BULK: one line at a time), so memory does not grow with the size of the answer;
JSON is bounded by the caller's size limit before it is parsed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socius.atlas.models import Status

# StatBank's markers: ".." no value (not available or confidential), "-" nothing counted.
MARKER_MISSING = ".."
MARKER_ZERO = "-"
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_NOT_FINITE = {"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"}
# Characters a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# StatBank's formats other than BULK stop at 1,000,000 cells.
MAX_JSONSTAT_CELLS = 1_000_000


@dataclass(slots=True)
class Cell:
    """One figure as a source gives it, before it is checked against the database."""

    indicator: str
    area: str
    period: str
    value: Decimal | None
    status: str
    where: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(slots=True)
class SourceCell:
    """One cell of a StatBank answer: its area and period codes and the figure."""

    area: str
    period: str
    value: Decimal | None
    status: str
    where: str


def data_error(text: str, /, **params: Any) -> ValidationError:
    """A translated error about the data; ``message`` is already translated."""
    return ValidationError(text % params if params else text, code="atlas_data")


def number_read(text: str, where: str) -> tuple[Decimal | None, str]:
    """The figure and its status from one cell: a number (decimal point or comma), ``..`` or an
    empty cell for no value, ``-`` for nothing counted."""
    cell = text.strip()
    if cell in ("", MARKER_MISSING):
        return None, Status.MISSING
    if cell == MARKER_ZERO:
        return None, Status.ZERO
    plain = cell.replace(",", ".") if "." not in cell else cell
    if _NUMBER.fullmatch(plain):
        return Decimal(plain), Status.VALUE
    if cell.lower() in _NOT_FINITE:
        raise data_error(_("%(where)s is not a number (%(cell)s)."), where=where, cell=cell[:20])
    if cell.startswith(_FORMULA_START):
        raise data_error(
            _("%(where)s looks like a spreadsheet formula; only numbers are accepted."),
            where=where,
        )
    raise data_error(_("%(where)s is not a number: “%(cell)s”."), where=where, cell=_shown(cell))


def _shown(text: str) -> str:
    """A piece of hostile text short and printable enough to quote in a message."""
    printable = "".join(c if c.isprintable() else "?" for c in text[:40])
    return printable + ("…" if len(text) > 40 else "")


def code_read(text: str, where: str) -> str:
    """A code cell (area, period, variable value): short, printable and not a formula."""
    code = text.strip()
    if code.startswith(_FORMULA_START) and not _NUMBER.fullmatch(code):
        raise data_error(
            _("%(where)s looks like a spreadsheet formula; only codes are accepted."),
            where=where,
        )
    if not code or len(code) > 40 or not code.isprintable():
        raise data_error(
            _("%(where)s is not a valid code: “%(cell)s”."), where=where, cell=_shown(code)
        )
    return code


def text_lines(stream: IO[bytes]) -> Iterator[list[str]]:
    """Semicolon-separated rows of a UTF-8 byte stream (a byte-order mark is dropped), one at
    a time. A byte that is not UTF-8 stops the reading with a message naming the line."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, delimiter=";", strict=True)
    line = 0
    try:
        for line, row in enumerate(reader, start=1):  # noqa: B007 (line is read after the loop)
            yield row
    except UnicodeDecodeError as exc:
        raise data_error(
            _("The data are not UTF-8 text (a wrong byte after line %(line)s)."), line=line
        ) from exc
    except csv.Error as exc:
        raise data_error(
            _("Line %(line)s is not valid CSV: %(error)s."), line=line + 1, error=str(exc)[:100]
        ) from exc


type Allowed = dict[str, frozenset[str] | None]


def _not_asked(where: str, variable: str, code: str) -> ValidationError:
    return data_error(
        _("%(where)s: %(variable)s “%(code)s” was not asked for."),
        where=where,
        variable=variable,
        code=_shown(code),
    )


def bulk_cells(
    stream: IO[bytes], *, area_variable: str, time_variable: str, allowed: Allowed
) -> Iterator[SourceCell]:
    """Cells of a StatBank BULK answer (``valuePresentation: Code``): a header naming the
    variables and the value column, then one line per cell. ``allowed`` maps each variable
    the request named to the codes it asked for (None: any); the header must name exactly
    these plus the value column, and every code must be one that was asked for."""
    rows = text_lines(stream)
    header = next(rows, None)
    if header is None:
        raise data_error(_("The answer is empty: no header line."))
    names = [h.strip().upper() for h in header]
    wanted = {k.upper(): v for k, v in allowed.items()}
    if len(set(names)) != len(names):
        raise data_error(
            _("The header names a column twice: %(header)s."), header=_shown(";".join(header))
        )
    if len(names) != len(wanted) + 1 or set(names[:-1]) != set(wanted):
        raise data_error(
            _("The answer's columns (%(got)s) are not the variables asked for (%(wanted)s)."),
            got=_shown(";".join(header)),
            wanted=";".join(allowed),
        )
    area_at = names.index(area_variable.upper())
    time_at = names.index(time_variable.upper())
    checks = [(i, names[i], wanted[names[i]]) for i in range(len(names) - 1)]
    checks = [c for c in checks if c[2] is not None]
    width = len(names)
    line = _("Line %(line)s")  # translated once, not per line: a million lines add up
    for number, row in enumerate(rows, start=2):
        if not row or row == [""]:
            continue
        where = line % {"line": number}
        if len(row) != width:
            raise data_error(
                _("%(where)s has %(got)s cells, not %(wanted)s (is the answer cut off?)."),
                where=where,
                got=len(row),
                wanted=width,
            )
        for at, name, codes in checks:
            if row[at] not in codes:  # type: ignore[operator]
                raise _not_asked(where, name, row[at])
        value, status = number_read(row[-1], where)
        yield SourceCell(
            code_read(row[area_at], where), code_read(row[time_at], where), value, status, where
        )


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise data_error(_("The JSON has the key “%(key)s” twice."), key=_shown(key))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise data_error(_("The JSON contains %(name)s, which is not a number."), name=name)


def json_read(data: bytes) -> Any:
    """Parse JSON strictly: UTF-8, no duplicated keys, no NaN or infinities, exact decimals."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise data_error(
            _("The data are not UTF-8 text (a wrong byte at position %(at)s)."), at=exc.start
        ) from exc
    try:
        return json.loads(
            text,
            object_pairs_hook=_strict_object,
            parse_float=Decimal,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise data_error(
            _("The JSON is not valid (cut off?): %(error)s at line %(line)s, column %(column)s."),
            error=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    except RecursionError as exc:
        raise data_error(_("The JSON is nested too deeply.")) from exc


def _category_codes(dimension: Any, name: str, size: int) -> list[str]:
    category = dimension.get("category") if isinstance(dimension, dict) else None
    index = category.get("index") if isinstance(category, dict) else None
    if index is None and isinstance(category, dict) and isinstance(category.get("label"), dict):
        index = list(category["label"])  # a single-category dimension may omit the index
    if isinstance(index, list) and all(isinstance(c, str) for c in index):
        codes = list(index)
    elif isinstance(index, dict) and all(isinstance(p, int) for p in index.values()):
        codes = [""] * len(index)
        for code, position in index.items():
            if not 0 <= position < len(index) or codes[position]:
                raise data_error(
                    _("The categories of dimension %(name)s are not numbered 0, 1, 2 …"), name=name
                )
            codes[position] = code
    else:
        raise data_error(_("Dimension %(name)s has no list of categories."), name=_shown(name))
    if len(codes) != size:
        raise data_error(
            _("Dimension %(name)s has %(got)s categories but its size says %(size)s."),
            name=_shown(name),
            got=len(codes),
            size=size,
        )
    return codes


def _dataset(document: Any) -> dict[str, Any]:
    if isinstance(document, dict) and document.get("class") == "dataset":
        return document
    # JSON-stat 1.x: {"dataset": {...}} with the ids and sizes inside "dimension".
    if isinstance(document, dict) and isinstance(document.get("dataset"), dict):
        old = dict(document["dataset"])
        dimension: dict[str, Any] = (
            old["dimension"] if isinstance(old.get("dimension"), dict) else {}
        )
        old.setdefault("id", dimension.get("id"))
        old.setdefault("size", dimension.get("size"))
        return old
    raise data_error(_("The answer is not a JSON-stat dataset."))


def _cell_entry(container: Any, position: int) -> Any:
    if isinstance(container, list):
        return container[position]
    if isinstance(container, dict):
        return container.get(str(position))
    return container  # one status for every cell, or none


def _checked_sparse(container: Any, total: int, what: str) -> None:
    if isinstance(container, list) and len(container) != total:
        raise data_error(
            _("The dataset has %(got)s %(what)s but its sizes multiply to %(total)s."),
            got=len(container),
            what=what,
            total=total,
        )
    if isinstance(container, dict):
        for key in container:
            if not key.isdigit() or int(key) >= total:
                raise data_error(
                    _("The dataset has a cell “%(key)s” outside its sizes."), key=_shown(key)
                )


def jsonstat_cells(
    data: bytes, *, area_variable: str, time_variable: str, allowed: Allowed
) -> Iterator[SourceCell]:
    """Cells of a JSON-stat 2.0 dataset (or a 1.x bundle with one dataset). Values may be a
    list or a sparse object; status a string, list or object; ``null`` is no value. The
    dimensions must be the variables asked for, with only the codes asked for."""
    dataset = _dataset(json_read(data))
    ids, sizes = dataset.get("id"), dataset.get("size")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not all(isinstance(i, str) for i in ids)
        or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
    ):
        raise data_error(_("The dataset's “id” and “size” do not match."))
    dimensions = dataset.get("dimension")
    if not isinstance(dimensions, dict):
        raise data_error(_("The dataset has no dimensions."))
    upper = [i.upper() for i in ids]
    wanted = {k.upper(): v for k, v in allowed.items()}
    if len(set(upper)) != len(upper) or set(upper) != set(wanted):
        raise data_error(
            _("The dataset's dimensions (%(got)s) are not the variables asked for (%(wanted)s)."),
            got=_shown(";".join(ids)),
            wanted=";".join(allowed),
        )
    codes = [_category_codes(dimensions.get(i), i, s) for i, s in zip(ids, sizes, strict=True)]
    for name, categories in zip(upper, codes, strict=True):
        for code in categories:
            if wanted[name] is not None and code not in wanted[name]:  # type: ignore[operator]
                raise _not_asked(_("The dataset"), name, code)
    total = math.prod(sizes)
    if total > MAX_JSONSTAT_CELLS:
        # A sparse dataset can claim far more cells than its bytes hold.
        raise data_error(
            _("The dataset claims %(total)s cells; at most %(limit)s are read (use BULK)."),
            total=total,
            limit=MAX_JSONSTAT_CELLS,
        )
    values, status = dataset.get("value"), dataset.get("status")
    if not isinstance(values, list | dict):
        raise data_error(_("The dataset has no values."))
    _checked_sparse(values, total, _("values"))
    _checked_sparse(status, total, _("status markers"))
    area_at, time_at = upper.index(area_variable.upper()), upper.index(time_variable.upper())
    area_stride, time_stride = math.prod(sizes[area_at + 1 :]), math.prod(sizes[time_at + 1 :])
    cell_text = _("Cell %(cell)s")
    for position in range(total):
        where = cell_text % {"cell": position}
        value, marker = _jsonstat_value(
            _cell_entry(values, position), _cell_entry(status, position), where
        )
        yield SourceCell(
            code_read(codes[area_at][(position // area_stride) % sizes[area_at]], where),
            code_read(codes[time_at][(position // time_stride) % sizes[time_at]], where),
            value,
            marker,
            where,
        )


def _jsonstat_value(value: Any, status: Any, where: str) -> tuple[Decimal | None, str]:
    if isinstance(value, bool):
        raise data_error(_("%(where)s is not a number."), where=where)
    if value is None:
        if status == MARKER_ZERO:
            return None, Status.ZERO
        return None, Status.MISSING
    if isinstance(value, int):
        return Decimal(value), Status.VALUE
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise data_error(_("%(where)s is not a number."), where=where)
        return value, Status.VALUE
    if isinstance(value, str):
        return number_read(value, where)
    raise data_error(_("%(where)s is not a number."), where=where)


def batched[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of at most ``size`` items, read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
