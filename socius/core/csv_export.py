"""The one way to answer with a CSV file: ``csv_response()``.

Every export looks the same to the person opening it: UTF-8 with a byte-order mark (Excel
reads UTF-8 only with it), ``;`` between cells (Danish Excel and LibreOffice expect it, since
``,`` is the decimal comma), a header row, and a file name given in Content-Disposition.

Header labels are translatable (``gettext_lazy``) and rendered in the request's language.
Open-data exports that programs read (proposals, conversation data, grant allocations) keep
fixed column names instead, passed as plain strings: a script must not break when a visitor
switches language.

Threat model (CSV/formula injection): a value someone typed (an organisation's name, a report
text) that starts with =, +, -, @ or a control character is run as a formula when staff open
the export in Excel or LibreOffice (data exfiltration through links, DDE). Text cells that
start so get a leading apostrophe, which spreadsheets show as text; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
DELIMITER = ";"
BOM = "\ufeff"


def csv_cell(value: Any) -> Any:
    """One cell made safe for spreadsheets: formula-like text is quoted."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def csv_safe(row: Iterable[Any]) -> list[Any]:
    """A row with every text cell made safe for spreadsheets."""
    return [csv_cell(v) for v in row]


def csv_response(
    *,
    filename: str,
    header: Sequence[str | Promise],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """A CSV download: BOM, ``;``, ``header`` (lazy labels in the active language) and
    ``rows``, every cell formula-safe, as ``attachment; filename=...``.

    Rows may be a generator (``queryset.iterator()``); each is written as it comes. Set
    extra headers (``Cache-Control: no-store`` for personal data) on the returned response."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write(BOM)
    writer = csv.writer(response, delimiter=DELIMITER)
    writer.writerow(csv_safe(header))
    for row in rows:
        writer.writerow(csv_safe(row))
    return response
