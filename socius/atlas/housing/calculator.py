"""The status of a housing area under almenboligloven § 61 a and § 61 b, as pure Python.

No Django here: the calculator takes one area-year's values and the rule set of that year (data,
see ``rules.py`` and ``data/rule_sets.json``) and returns the status with every criterion's
result and its signed distance to the threshold. A change in the law is a new rule set, not new
code.

The statuses, from least to most severe (``SEVERITY``):

- ``none``: on no list;
- ``forebyggelse`` (§ 61 b): at least ``min_residents``, more than 30 % non-Western residents and
  at least 2 of the softer criteria, and *not* an udsat area;
- ``udsat`` (§ 61 a, stk. 1): at least ``min_residents`` and at least 2 of the 4 criteria;
- ``parallelsamfund`` (§ 61 a, stk. 2): an udsat area with more than 50 % non-Western residents;
- ``omdannelse`` (§ 61 a, stk. 3): a parallelsamfund in each of the last ``omdannelse_years``
  years (this year included). Earlier years count only when the area has values *and* a rule set
  for them; a year without either breaks the run, and the result says the history is incomplete.

Every comparison is exact ``Decimal`` arithmetic, never a float: "more than 40 %" (``gt``) is not
met by 40.00, "at least 3 times" (``ge``) is met by exactly 3 times. Convictions are stored as
two shares (the area's and the country's, each a 2-year average) and compared as
``area >= factor * national``, so no division happens before the comparison; the ratio is
computed only for showing the distance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Op(StrEnum):
    GT = "gt"  # more than
    GE = "ge"  # at least
    LT = "lt"  # less than
    LE = "le"  # at most


class Measure(StrEnum):
    OUTSIDE_WORK = "outside_work_pct"  # % of 18-64 outside work or education
    CONVICTIONS = "convictions_ratio"  # area's share convicted / the national share
    BASIC_SCHOOLING = "basic_schooling_pct"  # % of 30-59 with only basic schooling
    INCOME = "income_pct_of_region"  # mean gross income of 15-64 as % of the region's
    NON_WESTERN = "non_western_pct"  # % non-Western immigrants and descendants


class Status(StrEnum):
    NONE = "none"
    FOREBYGGELSE = "forebyggelse"
    UDSAT = "udsat"
    PARALLELSAMFUND = "parallelsamfund"
    OMDANNELSE = "omdannelse"


SEVERITY: dict[Status, int] = {
    Status.NONE: 0,
    Status.FOREBYGGELSE: 1,
    Status.UDSAT: 2,
    Status.PARALLELSAMFUND: 3,
    Status.OMDANNELSE: 4,
}
# Which statuses are (at least) a parallelsamfund: they count towards the omdannelse run.
PARALLEL_OR_WORSE = frozenset({Status.PARALLELSAMFUND, Status.OMDANNELSE})


@dataclass(frozen=True)
class AreaValues:
    """One area's published figures for one year (area level only: no person data)."""

    residents: int
    outside_work_pct: Decimal
    convicted_pct: Decimal
    national_convicted_pct: Decimal
    basic_schooling_pct: Decimal
    income_pct_of_region: Decimal
    non_western_pct: Decimal

    def __post_init__(self) -> None:
        if self.residents < 0:
            raise ValueError("residents cannot be negative")
        if self.national_convicted_pct <= 0:
            raise ValueError("the national share of convicted residents must be above 0")
        for name in (
            "outside_work_pct",
            "convicted_pct",
            "basic_schooling_pct",
            "income_pct_of_region",
            "non_western_pct",
        ):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise ValueError(f"{name} must be a finite, non-negative Decimal")


@dataclass(frozen=True)
class Criterion:
    measure: Measure
    op: Op
    threshold: Decimal


@dataclass(frozen=True)
class Tier:
    """One list's conditions: residents, an optional non-Western condition, k of n criteria."""

    min_residents: int
    criteria: tuple[Criterion, ...]
    criteria_needed: int
    non_western: Criterion | None = None


@dataclass(frozen=True)
class RuleSet:
    year: int
    udsat: Tier
    parallelsamfund: Criterion
    omdannelse_years: int
    forebyggelse: Tier | None = None
    # The names the lists had that year ("ghettoområde" before 2021), for pages only.
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    value: Decimal  # the measure (a percentage, or the conviction ratio for showing)
    met: bool
    distance: Decimal  # value - threshold: percentage points, or times the national rate


@dataclass(frozen=True)
class TierResult:
    residents_ok: bool
    criteria: tuple[CriterionResult, ...]
    met_count: int
    criteria_needed: int
    non_western: CriterionResult | None
    qualifies: bool


@dataclass(frozen=True)
class YearResult:
    year: int
    status: Status
    udsat: TierResult
    parallelsamfund: CriterionResult
    forebyggelse: TierResult | None
    # Consecutive parallelsamfund years ending with this one, and how many omdannelse needs.
    parallel_run: int
    omdannelse_years: int
    # False when a year of the omdannelse window has no values or no rule set.
    history_complete: bool


def _compare(value: Decimal, op: Op, threshold: Decimal) -> bool:
    if op == Op.GT:
        return value > threshold
    if op == Op.GE:
        return value >= threshold
    if op == Op.LT:
        return value < threshold
    return value <= threshold


def criterion_evaluate(criterion: Criterion, values: AreaValues) -> CriterionResult:
    """Whether ``values`` meet ``criterion``, and by how much they miss or pass it."""
    if criterion.measure == Measure.CONVICTIONS:
        # Exact: area >= factor x national, without dividing first.
        met = _compare(
            values.convicted_pct,
            criterion.op,
            criterion.threshold * values.national_convicted_pct,
        )
        value = values.convicted_pct / values.national_convicted_pct
    else:
        value = getattr(values, criterion.measure.value)
        met = _compare(value, criterion.op, criterion.threshold)
    return CriterionResult(criterion, value, met, value - criterion.threshold)


def tier_evaluate(tier: Tier, values: AreaValues) -> TierResult:
    results = tuple(criterion_evaluate(c, values) for c in tier.criteria)
    met_count = sum(1 for r in results if r.met)
    non_western = (
        criterion_evaluate(tier.non_western, values) if tier.non_western is not None else None
    )
    residents_ok = values.residents >= tier.min_residents
    qualifies = (
        residents_ok
        and met_count >= tier.criteria_needed
        and (non_western is None or non_western.met)
    )
    return TierResult(
        residents_ok, results, met_count, tier.criteria_needed, non_western, qualifies
    )


def year_evaluate(
    values: AreaValues,
    rules: RuleSet,
    earlier: Mapping[int, Status | None] | None = None,
) -> YearResult:
    """The status for ``rules.year``. ``earlier`` maps earlier years to their computed status
    (None, or absent, where there were no values or no rule set)."""
    earlier = earlier or {}
    udsat = tier_evaluate(rules.udsat, values)
    parallel = criterion_evaluate(rules.parallelsamfund, values)
    forebyggelse = (
        tier_evaluate(rules.forebyggelse, values) if rules.forebyggelse is not None else None
    )
    if udsat.qualifies:
        status = Status.PARALLELSAMFUND if parallel.met else Status.UDSAT
    elif forebyggelse is not None and forebyggelse.qualifies:
        status = Status.FOREBYGGELSE
    else:
        status = Status.NONE

    run = 1 if status == Status.PARALLELSAMFUND else 0
    complete = True
    if run:
        for back in range(1, rules.omdannelse_years):
            before = earlier.get(rules.year - back)
            if before is None:
                complete = False
                break
            if before not in PARALLEL_OR_WORSE:
                break
            run += 1
        if run >= rules.omdannelse_years:
            status = Status.OMDANNELSE
    return YearResult(
        year=rules.year,
        status=status,
        udsat=udsat,
        parallelsamfund=parallel,
        forebyggelse=forebyggelse,
        parallel_run=run,
        omdannelse_years=rules.omdannelse_years,
        history_complete=complete,
    )


def history_evaluate(
    years: Sequence[tuple[int, AreaValues | None, RuleSet | None]],
) -> dict[int, YearResult]:
    """Every year's result, oldest first, each seeing the statuses computed before it. A year
    without values or without a rule set has no result (and breaks an omdannelse run)."""
    statuses: dict[int, Status | None] = {}
    results: dict[int, YearResult] = {}
    for year, values, rules in sorted(years, key=lambda item: item[0]):
        if values is None or rules is None:
            statuses[year] = None
            continue
        if rules.year != year:
            raise ValueError(f"the rule set for {rules.year} was given for {year}")
        result = year_evaluate(values, rules, statuses)
        results[year] = result
        statuses[year] = result.status
    return results
