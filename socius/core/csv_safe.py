"""CSV cells that spreadsheets cannot run as formulas.

Threat model: a value someone typed (an organisation's name, a report text) that starts with
=, +, -, @ or a control character is run as a formula when staff open the export in Excel or
LibreOffice (CSV/formula injection: data exfiltration through links, DDE). Text cells that
start so get a leading apostrophe, which spreadsheets show as text; numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def csv_safe(row: Iterable[Any]) -> list[Any]:
    """A row with every text cell made safe for spreadsheets."""
    return [csv_cell(v) for v in row]
