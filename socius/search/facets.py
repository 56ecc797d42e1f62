"""Facets: what a search can be limited to (module, kind, theme, publication date), as words
in the full-text index, so both engines filter inside the index instead of row by row.

Each facet word is ``_``, a letter saying what it is, then letters and digits only. The
``_`` keeps facets apart from the words of texts and queries, which are runs of letters and
digits (``text.py``), so no query can match a facet; FTS5 keeps it in the word (the table's
``tokenchars '_'``), and PostgreSQL takes the words as they are (``array_to_tsvector`` in
migration 0004):

- ``_m``, ``_k``, ``_t`` + the module, kind or theme as hexadecimal UTF-8 (slugs hold
  ``-`` and ``_``, which must not split the word);
- ``_y2026``, ``_n202612`` and ``_d20261203``: the year, month and day of publication, in
  the site's time zone. A date range is the fewest of these that cover its days
  (``date_range_words``).
"""

from __future__ import annotations

import calendar
import datetime

from django.db import connection
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)


def facet_words(
    *,
    module: str = "",
    kind: str = "",
    themes: tuple[str, ...] = (),
    published: datetime.datetime | None = None,
) -> list[str]:
    """A document's facets as index words (see module doc)."""
    pairs = [("m", module), ("k", kind), *(("t", theme) for theme in themes)]
    words = [f"_{letter}{value.encode().hex()}" for letter, value in pairs if value]
    if published is not None:
        day = _local_day(published)
        words += [f"_y{day:%Y}", f"_n{day:%Y%m}", f"_d{day:%Y%m%d}"]
    return words


def _local_day(moment: datetime.datetime) -> datetime.date:
    """The day of ``moment`` in the site's time zone; at the calendar's very end, where the
    zone's offset would carry it past year 9999, its day in UTC."""
    try:
        return timezone.localdate(moment)
    except OverflowError:
        return moment.astimezone(datetime.UTC).date()


def date_range_words(first: datetime.date, last: datetime.date) -> list[str]:
    """The fewest year, month and day words that cover the days ``first``..``last``: whole
    years, then whole months, then single days (at most about 30 days and 11 months at each
    end)."""
    words: list[str] = []
    day = first
    while day <= last:
        year_end = datetime.date(day.year, 12, 31)
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if day.month == 1 and day.day == 1 and year_end <= last:
            words.append(f"_y{day:%Y}")
            end = year_end
        elif day.day == 1 and month_end <= last:
            words.append(f"_n{day:%Y%m}")
            end = month_end
        else:
            words.append(f"_d{day:%Y%m%d}")
            end = day
        if end >= last:  # the day after may be past the calendar's end
            break
        day = end + ONE_DAY
    return words


def published_between(
    first: datetime.date | None, last: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The limits of a filter for publication days ``first``..``last`` (both included, as the
    search page and the API take them): the site's midnights that start the first day and
    follow the last one. The calendar's first and last day have no such midnight in range;
    they stand for the first and last moment a date can hold (still a limit: a document
    without a publication date is outside any)."""
    start = end = None
    if first is not None:
        start = (
            datetime.datetime.min.replace(tzinfo=datetime.UTC)
            if first == datetime.date.min
            else timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
        )
    if last is not None:
        end = (
            datetime.datetime.max.replace(tzinfo=datetime.UTC)
            if last == datetime.date.max
            else timezone.make_aware(datetime.datetime.combine(last + ONE_DAY, datetime.time.min))
        )
    return start, end


def _is_midnight(moment: datetime.datetime) -> bool:
    return timezone.localtime(moment).time() == datetime.time.min


def published_words(
    published_from: datetime.datetime | None, published_before: datetime.datetime | None
) -> tuple[list[str], bool] | None:
    """The date words a document published in [``published_from``, ``published_before``)
    holds one of, and whether the times must be checked too (a limit that is not a midnight
    in the site's time zone cuts a day); None when no document can be in the range. The
    range is cut to the first and last publication in the index: a range a person typed
    can be any number of years long."""
    if published_from is None and published_before is None:
        return [], False
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(published_at), max(published_at) FROM search_searchdocument")
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    oldest, newest = (_aware(value) for value in row)
    cuts = []
    first = _local_day(oldest)
    if published_from is not None and published_from > oldest:
        first = _local_day(published_from)
        cuts.append(published_from)
    last = _local_day(newest)
    if published_before is not None and published_before <= newest:
        last = _local_day(published_before)
        if _is_midnight(published_before):
            last -= ONE_DAY
        cuts.append(published_before)
    if first > last:
        return None
    return date_range_words(first, last), not all(_is_midnight(m) for m in cuts)


def _aware(value: datetime.datetime | str) -> datetime.datetime:
    # SQLite hands aggregates back as text, without the column's converter.
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)
