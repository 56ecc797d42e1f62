"""Parameter definitions, a buyer's values and the reporting periods with their targets."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from socius.procurement.clauses.parameters import (
    _spread,
    contract_span,
    definitions_check,
    periods_plan,
    values_check,
)
from socius.procurement.clauses.seed import CLAUSES

TRAINING = definitions_check(CLAUSES[0]["parameters"])
SOCIAL = definitions_check(CLAUSES[2]["parameters"])
RESERVED = definitions_check(CLAUSES[3]["parameters"])


def test_it_cleans_danish_decimals_and_whole_numbers():
    assert values_check(TRAINING, {"trainees_per_million": "0,5"}) == {
        "trainees_per_million": "0.5"
    }
    assert values_check(SOCIAL, {"persons": " 4 ", "share_of_hours": "10"}) == {
        "persons": 4,
        "share_of_hours": 10,
    }


@pytest.mark.parametrize(
    "raw",
    ["-5", "1e9", "5 mio.", "4.999.999,99", "abc", "<script>", "1,234", "NaN", "9" * 50],
)
def test_it_refuses_values_that_are_not_plain_numbers(raw):
    with pytest.raises(ValidationError) as caught:
        values_check(TRAINING, {"trainees_per_million": raw})
    assert "trainees_per_million" in caught.value.error_dict


def test_it_refuses_values_outside_the_limits():
    with pytest.raises(ValidationError):
        values_check(TRAINING, {"trainees_per_million": "51"})
    with pytest.raises(ValidationError):
        values_check(RESERVED, {"disadvantaged_share": "29"})
    assert values_check(RESERVED, {"disadvantaged_share": "30"}) == {"disadvantaged_share": 30}
    with pytest.raises(ValidationError):
        values_check(RESERVED, {"disadvantaged_share": "101"})


def test_it_refuses_unknown_keys_a_missing_required_value_and_no_target():
    with pytest.raises(ValidationError, match="Ukendte parametre"):
        values_check(TRAINING, {"trainees_per_million": "1", "is_admin": "1"})
    with pytest.raises(ValidationError):
        values_check(SOCIAL, {"share_of_hours": "10"})
    with pytest.raises(ValidationError):
        values_check(TRAINING, {})


def test_it_refuses_bad_definitions():
    with pytest.raises(ValidationError):
        definitions_check([{"key": "Bad Key", "kind": "integer", "label": "x"}])
    with pytest.raises(ValidationError):
        definitions_check([{"key": "a", "kind": "float", "label": "x"}])
    with pytest.raises(ValidationError):
        definitions_check([{"key": "a", "kind": "integer", "label": "x", "min": "0"}])
    with pytest.raises(ValidationError):
        definitions_check("not a list")


def test_a_60_million_contract_over_18_months_gets_yearly_periods_with_30_trainees():
    start, end = contract_span(
        starts_on=datetime.date(2026, 1, 1),
        ends_on=None,
        duration_months=18,
        fallback_start=datetime.date(2025, 1, 1),
    )
    assert end == datetime.date(2027, 6, 30)
    periods = periods_plan(
        category="training",
        values={"trainees_per_million": "0.5"},
        every_months=12,
        start=start,
        end=end,
        value_ore=60_000_000_00,
    )
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),
    ]
    assert [p.target_trainees for p in periods] == [15, 15]
    assert periods[0].due_on == datetime.date(2027, 1, 30)
    assert not periods[0].requires_conditions


def test_per_year_targets_follow_the_length_of_each_period():
    periods = periods_plan(
        category="training",
        values={"trainees_per_year": "2"},
        every_months=12,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2027, 6, 30),
        value_ore=0,
    )
    assert [p.target_trainees for p in periods] == [2, 1]


def test_labour_periods_ask_for_pay_and_conditions():
    periods = periods_plan(
        category="labour",
        values={"agreement": "Bygge- og Anlægsoverenskomsten"},
        every_months=6,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        value_ore=0,
    )
    assert len(periods) == 2
    assert all(p.requires_conditions and p.target_trainees is None for p in periods)


@given(total=st.integers(min_value=0, max_value=10_000), count=st.integers(1, 240))
def test_spreading_a_target_keeps_the_total_and_differs_by_at_most_one(total, count):
    parts = _spread(total, count)
    assert sum(parts) == total
    assert max(parts) - min(parts) <= 1


@given(
    start=st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 1, 1)),
    days=st.integers(0, 3000),
    every=st.integers(1, 24),
)
def test_periods_cover_the_contract_without_gaps(start, days, every):
    end = start + datetime.timedelta(days=days)
    periods = periods_plan(
        category="reserved",
        values={"disadvantaged_share": 30},
        every_months=every,
        start=start,
        end=end,
        value_ore=0,
    )
    assert periods[0].starts_on == start
    assert periods[-1].ends_on == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.starts_on == before.ends_on + datetime.timedelta(days=1)
