"""Dates and times as people read them, in the active language (socius/formats/).

Python code that puts a date into a text (a message, a mail, a PDF) calls these instead of
spelling out a pattern, so a date reads the same on every page: "2. december 2026" in Danish,
"2 December 2026" in English. Aware datetimes are shown in Danish local time.
"""

from __future__ import annotations

import datetime
import re

from django.utils import formats, timezone


def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_text(value: datetime.date) -> str:
    """The day, e.g. "2. december 2026" (da) or "2 December 2026" (en)."""
    return formats.date_format(_local(value), "DATE_FORMAT")


def datetime_text(value: datetime.datetime) -> str:
    """Day and time, e.g. "2. december 2026 14:30" (da) or "2 December 2026 14:30" (en)."""
    return formats.date_format(_local(value), "DATETIME_FORMAT")


_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DANISH_DAY = re.compile(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})", re.ASCII)


def date_parse(text: str) -> datetime.date | None:
    """A day as people type it in Denmark or as spreadsheets export it: "2026-03-31",
    "31-03-2026" or "31.3.2026". None for anything else, including days that do not exist
    (31 February)."""
    text = (text or "").strip()
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DANISH_DAY.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
