"""Danish calendar arithmetic for deadlines: public holidays, working days, calendar months.

Modules use it for legal and service deadlines: "first answer within 3 working days"
(community advice) or "feedback within 3 months" (whistleblowing: 30 November + 3 months is
the last day of February). Pure functions on ``datetime.date``; no time zones involved.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from functools import lru_cache

_DAY = datetime.timedelta(days=1)
# Store bededag was abolished as a public holiday from 2024 (lov nr. 133 af 28/02/2023).
_LAST_GREAT_PRAYER_DAY = 2023


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Meeus/Jones/Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def danish_public_holidays(year: int) -> dict[datetime.date, str]:
    """The Danish public holidays (helligdage) of ``year``, with their Danish names.

    Christmas Eve, New Year's Eve and Constitution Day are not public holidays by law, but
    public offices close on them; ``closing_days`` adds them."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1): "Nytårsdag",
        easter - 3 * _DAY: "Skærtorsdag",
        easter - 2 * _DAY: "Langfredag",
        easter: "Påskedag",
        easter + _DAY: "2. påskedag",
        easter + 39 * _DAY: "Kristi himmelfartsdag",
        easter + 49 * _DAY: "Pinsedag",
        easter + 50 * _DAY: "2. pinsedag",
        datetime.date(year, 12, 25): "Juledag",
        datetime.date(year, 12, 26): "2. juledag",
    }
    if year <= _LAST_GREAT_PRAYER_DAY:
        days[easter + 26 * _DAY] = "Store bededag"
    return days


@lru_cache(maxsize=64)
def closing_days(year: int) -> dict[datetime.date, str]:
    """Public holidays plus the days municipal offices usually close."""
    return {
        **danish_public_holidays(year),
        datetime.date(year, 6, 5): "Grundlovsdag",
        datetime.date(year, 12, 24): "Juleaftensdag",
        datetime.date(year, 12, 31): "Nytårsaftensdag",
    }


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a day municipal offices close."""
    return day.weekday() < 5 and day not in closing_days(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day ``days`` working days after ``start`` (``start`` itself never counts).

    ``add_working_days(friday, 1)`` is the next Monday, unless that is a holiday."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    while days:
        day += _DAY
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days come after ``start`` up to and including ``end`` (0 if none)."""
    count, day = 0, start
    while day < end:
        day += _DAY
        count += is_working_day(day)
    return count


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later, or the month's last day if it is shorter:
    30 November + 3 months = 28 February (29 in a leap year); 31 January + 1 month = 28/29 Feb."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))
