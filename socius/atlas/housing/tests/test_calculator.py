"""The § 61 a / § 61 b calculator: every criterion at its threshold and one hundredth either
side, and properties that must hold for any figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.atlas.housing.calculator import (
    PARALLEL_OR_WORSE,
    SEVERITY,
    AreaValues,
    Measure,
    Status,
    history_evaluate,
    year_evaluate,
)
from socius.atlas.housing.rules import rule_set_parse, rule_sets_from_file

RULES = {entry["year"]: rule_set_parse(entry) for entry in rule_sets_from_file()}
R2024 = RULES[2024]
CENT = D("0.01")

# Meets no criterion of either list: the baseline every boundary test changes one figure of.
CALM = AreaValues(
    residents=2000,
    outside_work_pct=D("10.00"),
    convicted_pct=D("0.500"),
    national_convicted_pct=D("1.000"),
    basic_schooling_pct=D("20.00"),
    income_pct_of_region=D("90.00"),
    non_western_pct=D("10.00"),
)


def _with(values: AreaValues, measure: Measure, value: D) -> AreaValues:
    if measure == Measure.CONVICTIONS:
        # The national share is 1 %, so the area's share is the ratio itself.
        return replace(values, convicted_pct=value)
    return replace(values, **{measure.value: value})


def _met(result, measure):
    return next(r for r in result.criteria if r.criterion.measure == measure).met


# (measure, threshold, op) of § 61 a and of § 61 b, as DOMAIN.md states them.
UDSAT = [
    (Measure.OUTSIDE_WORK, D(40), "gt"),
    (Measure.CONVICTIONS, D(3), "ge"),
    (Measure.BASIC_SCHOOLING, D(60), "gt"),
    (Measure.INCOME, D(55), "lt"),
]
FOREBYGGELSE = [
    (Measure.OUTSIDE_WORK, D(30), "gt"),
    (Measure.CONVICTIONS, D(2), "ge"),
    (Measure.BASIC_SCHOOLING, D(60), "gt"),
    (Measure.INCOME, D(65), "lt"),
]
EXPECTED = {"gt": (False, False, True), "ge": (False, True, True), "lt": (True, False, False)}


@pytest.mark.parametrize(("measure", "threshold", "op"), UDSAT)
def test_each_udsat_criterion_at_its_threshold_and_one_hundredth_either_side(
    measure, threshold, op
):
    for value, expected in zip(
        (threshold - CENT, threshold, threshold + CENT), EXPECTED[op], strict=True
    ):
        result = year_evaluate(_with(CALM, measure, value), R2024)
        assert _met(result.udsat, measure) is expected, (measure, value)


@pytest.mark.parametrize(("measure", "threshold", "op"), FOREBYGGELSE)
def test_each_forebyggelse_criterion_at_its_threshold_and_one_hundredth_either_side(
    measure, threshold, op
):
    for value, expected in zip(
        (threshold - CENT, threshold, threshold + CENT), EXPECTED[op], strict=True
    ):
        result = year_evaluate(_with(CALM, measure, value), R2024)
        assert _met(result.forebyggelse, measure) is expected, (measure, value)


def test_forty_point_zero_is_not_more_than_forty_and_the_status_changes_one_hundredth_above():
    # given: convictions meet the udsat threshold exactly (3.00 times: "at least" counts)
    base = replace(CALM, convicted_pct=D("3.000"))
    # then: outside work at 40.00 % is the second criterion only above 40
    assert year_evaluate(replace(base, outside_work_pct=D("40.00")), R2024).status != Status.UDSAT
    assert year_evaluate(replace(base, outside_work_pct=D("40.01")), R2024).status == Status.UDSAT


def test_convictions_compare_exactly_against_the_national_share():
    # 3 x 0.837 = 2.511 exactly: a float would say 2.5109999...
    values = replace(CALM, national_convicted_pct=D("0.837"))
    assert _met(year_evaluate(replace(values, convicted_pct=D("2.511")), R2024).udsat,
                Measure.CONVICTIONS)  # fmt: skip
    assert not _met(year_evaluate(replace(values, convicted_pct=D("2.510")), R2024).udsat,
                    Measure.CONVICTIONS)  # fmt: skip


@pytest.mark.parametrize(
    ("share", "expected"),
    [(D("49.99"), Status.UDSAT), (D("50.00"), Status.UDSAT), (D("50.01"), Status.PARALLELSAMFUND)],
)
def test_parallelsamfund_needs_more_than_fifty_percent(share, expected):
    udsat = replace(CALM, outside_work_pct=D("45"), basic_schooling_pct=D("65"))
    assert year_evaluate(replace(udsat, non_western_pct=share), R2024).status == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [(D("29.99"), Status.NONE), (D("30.00"), Status.NONE), (D("30.01"), Status.FOREBYGGELSE)],
)
def test_forebyggelse_needs_more_than_thirty_percent(share, expected):
    soft = replace(CALM, outside_work_pct=D("35"), income_pct_of_region=D("60"))
    assert year_evaluate(replace(soft, non_western_pct=share), R2024).status == expected


@pytest.mark.parametrize(("residents", "expected"), [(999, Status.NONE), (1000, Status.UDSAT)])
def test_the_thousand_resident_minimum(residents, expected):
    udsat = replace(CALM, outside_work_pct=D("45"), basic_schooling_pct=D("65"))
    assert year_evaluate(replace(udsat, residents=residents), R2024).status == expected


def test_an_udsat_area_is_never_also_forebyggelse():
    both = replace(CALM, outside_work_pct=D("45"), basic_schooling_pct=D("65"),
                   non_western_pct=D("40"))  # fmt: skip
    result = year_evaluate(both, R2024)
    assert result.forebyggelse.qualifies
    assert result.status == Status.UDSAT


PARALLEL = replace(CALM, outside_work_pct=D("45"), basic_schooling_pct=D("65"),
                   non_western_pct=D("60"))  # fmt: skip


def test_omdannelse_after_five_years_in_a_row_as_parallelsamfund():
    years = [(y, PARALLEL, RULES[y]) for y in range(2020, 2025)]
    results = history_evaluate(years)
    assert results[2023].status == Status.PARALLELSAMFUND
    # 2020's list called it a ghetto area (the same rule): it counts towards the five years.
    assert results[2024].status == Status.OMDANNELSE
    assert results[2024].parallel_run == 5


def test_a_missing_year_breaks_the_run_and_says_the_history_is_incomplete():
    years = [(y, PARALLEL if y != 2022 else None, RULES[y]) for y in range(2020, 2025)]
    result = history_evaluate(years)[2024]
    assert result.status == Status.PARALLELSAMFUND
    assert result.parallel_run == 2
    assert not result.history_complete


def test_a_year_without_a_rule_set_has_no_status():
    assert history_evaluate([(2017, PARALLEL, None)]) == {}


def test_the_rules_before_2021_have_no_forebyggelse_and_four_years_for_hard_ghetto_areas():
    assert RULES[2020].forebyggelse is None
    assert RULES[2020].omdannelse_years == 4
    assert RULES[2020].names["parallelsamfund"] == "ghettoområde"
    assert RULES[2021].omdannelse_years == 5


# Property tests ---------------------------------------------------------------------------

pct = st.decimals(min_value=0, max_value=100, places=2)
values_strategy = st.builds(
    AreaValues,
    residents=st.integers(0, 20_000),
    outside_work_pct=pct,
    convicted_pct=st.decimals(min_value=0, max_value=10, places=3),
    national_convicted_pct=st.decimals(min_value=D("0.1"), max_value=3, places=3),
    basic_schooling_pct=pct,
    income_pct_of_region=st.decimals(min_value=0, max_value=200, places=2),
    non_western_pct=pct,
)


def _worsen(values: AreaValues, measure: Measure, step: D) -> AreaValues:
    """The same area with one figure worse (income lower, every other figure higher)."""
    if measure == Measure.CONVICTIONS:
        return replace(values, convicted_pct=values.convicted_pct + step)
    if measure == Measure.INCOME:
        return replace(values, income_pct_of_region=max(D(0), values.income_pct_of_region - step))
    return replace(values, **{measure.value: min(D(100), getattr(values, measure.value) + step)})


@settings(max_examples=300, deadline=None)
@given(values_strategy, st.sampled_from(list(Measure)), st.decimals(min_value=0, max_value=50,
                                                                      places=2))  # fmt: skip
def test_worsening_any_figure_never_improves_the_status(values, measure, step):
    before = year_evaluate(values, R2024).status
    after = year_evaluate(_worsen(values, measure, step), R2024).status
    assert SEVERITY[after] >= SEVERITY[before]


@settings(max_examples=300, deadline=None)
@given(values_strategy)
def test_a_listed_area_always_has_at_least_a_thousand_residents(values):
    if year_evaluate(values, R2024).status != Status.NONE:
        assert values.residents >= 1000


@settings(max_examples=300, deadline=None)
@given(values_strategy)
def test_the_status_agrees_with_the_criteria(values):
    result = year_evaluate(values, R2024)
    if result.status in {Status.UDSAT, *PARALLEL_OR_WORSE}:
        assert result.udsat.met_count >= 2
    if result.status in PARALLEL_OR_WORSE:
        assert values.non_western_pct > 50
    if result.status == Status.FOREBYGGELSE:
        assert not result.udsat.qualifies
        assert values.non_western_pct > 30


@settings(max_examples=300, deadline=None)
@given(values_strategy)
def test_a_criterion_is_met_exactly_when_the_distance_is_on_its_side(values):
    for tier in (year_evaluate(values, R2024).udsat, year_evaluate(values, R2024).forebyggelse):
        for r in tier.criteria:
            op = r.criterion.op
            if r.criterion.measure == Measure.CONVICTIONS:
                continue  # the ratio shown is rounded by the division; compared exactly above
            expected = {"gt": r.distance > 0, "ge": r.distance >= 0, "lt": r.distance < 0,
                        "le": r.distance <= 0}[op]  # fmt: skip
            assert r.met is expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), values_strategy), min_size=1, max_size=8))
def test_omdannelse_implies_five_parallelsamfund_years_in_a_row(seq):
    start = 2024 - len(seq) + 1
    years = [(start + i, v, RULES.get(start + i)) for i, v in enumerate(seq)]
    results = history_evaluate(years)
    statuses = {y: r.status for y, r in results.items()}
    for year, result in results.items():
        if result.status == Status.OMDANNELSE:
            need = result.omdannelse_years
            assert all(statuses.get(year - k) in PARALLEL_OR_WORSE for k in range(need))


def test_negative_or_impossible_figures_are_refused():
    with pytest.raises(ValueError, match="residents"):
        replace(CALM, residents=-1)
    with pytest.raises(ValueError, match="national"):
        replace(CALM, national_convicted_pct=D(0))
    with pytest.raises(ValueError, match="finite"):
        replace(CALM, outside_work_pct=D("NaN"))
