"""The first-answer deadline in Danish working days: weekends and holidays do not count."""

import datetime
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius.advice import services
from socius.advice.deadlines import deadline_status, response_due, response_working_days
from socius.advice.models import AdviceRequest
from socius.core.calendar import is_working_day, working_days_between

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=CPH)


@pytest.mark.parametrize(
    ("submitted", "days", "due"),
    [
        # An ordinary week: Monday + 3 working days is Thursday.
        (at(2026, 11, 16), 3, datetime.date(2026, 11, 19)),
        # A Saturday counts from Monday.
        (at(2026, 11, 21), 3, datetime.date(2026, 11, 25)),
        # Friday afternoon: the weekend is skipped.
        (at(2026, 11, 20, 16), 3, datetime.date(2026, 11, 25)),
        # Easter 2027: Maundy Thursday, Good Friday, the weekend and Easter Monday are skipped.
        (at(2027, 3, 24), 3, datetime.date(2027, 4, 1)),
        (at(2027, 3, 24), 5, datetime.date(2027, 4, 5)),
        # Christmas 2026: 24, 25 and 26 December, then 31 December and New Year's Day.
        (at(2026, 12, 23), 3, datetime.date(2026, 12, 30)),
        (at(2026, 12, 23), 5, datetime.date(2027, 1, 5)),
        # Whitsun and Ascension 2027 (Ascension 6 May, Whit Monday 17 May).
        (at(2027, 5, 5), 1, datetime.date(2027, 5, 7)),
        (at(2027, 5, 14), 1, datetime.date(2027, 5, 18)),
        # Late evening in Copenhagen is already the next day in UTC terms: the local date counts.
        (
            datetime.datetime(2026, 11, 19, 23, 30, tzinfo=datetime.UTC),
            1,
            datetime.date(2026, 11, 23),
        ),
    ],
)
def test_the_due_date_skips_weekends_and_holidays(submitted, days, due):
    assert response_due(submitted, days=days) == due


def test_the_number_of_working_days_is_a_setting(settings):
    settings.ADVICE_RESPONSE_WORKING_DAYS = 5
    assert response_due(at(2026, 11, 16)) == datetime.date(2026, 11, 23)
    settings.ADVICE_RESPONSE_WORKING_DAYS = 3
    assert response_due(at(2026, 11, 16)) == datetime.date(2026, 11, 19)


@given(
    st.datetimes(
        min_value=datetime.datetime(2024, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
        max_value=datetime.datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(CPH),
    ),
    st.integers(min_value=1, max_value=15),
)
def test_the_due_date_is_a_working_day_exactly_n_working_days_later(submitted, days):
    due = response_due(submitted, days=days)
    assert is_working_day(due)
    assert working_days_between(submitted.date(), due) == days


def _request(**fields):
    return AdviceRequest(response_due=datetime.date(2027, 4, 1), **fields)


def test_the_flags_before_and_after_the_deadline():
    request = _request()
    # Due Thursday 1 April 2027 (after Easter).
    assert deadline_status(request, today=datetime.date(2027, 3, 24)) == "ok"
    assert deadline_status(request, today=datetime.date(2027, 3, 31)) == "at_risk"
    assert deadline_status(request, today=datetime.date(2027, 4, 1)) == "at_risk"
    assert deadline_status(request, today=datetime.date(2027, 4, 2)) == "overdue"
    # Over Easter, the Friday before is still two working days away.
    assert deadline_status(request, today=datetime.date(2027, 3, 26)) == "ok"


def test_answered_requests_are_on_time_or_late():
    assert deadline_status(_request(first_response_at=at(2027, 4, 1, 20))) == "on_time"
    assert deadline_status(_request(first_response_at=at(2027, 4, 2, 8))) == "late"


def test_response_time_counts_working_days():
    request = _request(submitted_at=at(2027, 3, 24), first_response_at=at(2027, 3, 30))
    assert response_working_days(request) == 1
    assert response_working_days(_request(submitted_at=at(2027, 3, 24))) is None


@pytest.mark.django_db
def test_a_submitted_request_gets_its_due_date_and_keeps_it(settings, citizen, association):
    settings.ADVICE_RESPONSE_WORKING_DAYS = 4
    advice = services.request_submit(
        actor=citizen,
        organisation=association,
        title="Hjælp",
        wants=["premises"],
        themes=[],
        target_group="Alle",
        size="small",
        description="Vi mangler et lokale.",
    )
    assert advice.response_due == response_due(advice.submitted_at, days=4)
    assert (
        working_days_between(advice.submitted_at.astimezone(CPH).date(), advice.response_due) == 4
    )
    settings.ADVICE_RESPONSE_WORKING_DAYS = 10
    advice.refresh_from_db()
    assert (
        working_days_between(advice.submitted_at.astimezone(CPH).date(), advice.response_due) == 4
    )
