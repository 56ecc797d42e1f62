"""Dates and times as people read them, in the active language (socius/formats/).

Python code that puts a date into a text (a message, a mail, a PDF) calls these instead of
spelling out a pattern, so a date reads the same on every page: "2. december 2026" in Danish,
"2 December 2026" in English. Aware datetimes are shown in Danish local time.
"""

from __future__ import annotations

import datetime

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
