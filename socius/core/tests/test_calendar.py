import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius.core.calendar import (
    add_months,
    add_working_days,
    danish_public_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_danish_holidays_of_2026():
    holidays = danish_public_holidays(2026)
    assert holidays[D(2026, 4, 2)] == "Skærtorsdag"
    assert holidays[D(2026, 4, 3)] == "Langfredag"
    assert holidays[D(2026, 5, 14)] == "Kristi himmelfartsdag"
    assert holidays[D(2026, 5, 25)] == "2. pinsedag"
    assert "Store bededag" not in holidays.values()  # abolished from 2024
    assert danish_public_holidays(2023)[D(2023, 5, 5)] == "Store bededag"


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(D(2026, 4, 1), 1) == D(2026, 4, 7)  # Easter: Thu, Fri, Mon off
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Friday -> Monday
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)  # Christmas
    assert not is_working_day(D(2026, 6, 5))  # Grundlovsdag: offices close
    assert add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(D(2026, 11, 23), -1)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # leap year
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
    ],
)
def test_calendar_months_end_at_the_months_last_day(start, months, end):
    assert add_months(start, months) == end


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


@given(dates, st.integers(0, 60))
def test_adding_working_days_lands_on_a_working_day_the_right_distance_away(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


@given(dates, st.integers(0, 240))
def test_adding_months_never_overshoots_and_keeps_the_day_when_it_can(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    if end.day != start.day:
        assert end.day < start.day
        assert (end + datetime.timedelta(days=1)).day == 1  # clamped to the month's last day
