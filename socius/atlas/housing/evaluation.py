"""Between the stored rows and the pure calculator: an area's figures and the year's rule sets
in, each year's ``YearResult`` out."""

from __future__ import annotations

from collections.abc import Iterable

from socius.atlas.housing.calculator import AreaValues, RuleSet, YearResult, history_evaluate
from socius.atlas.housing.models import AreaYear
from socius.atlas.housing.models import RuleSet as RuleSetRow
from socius.atlas.housing.rules import rule_set_parse


def area_values(row: AreaYear) -> AreaValues:
    return AreaValues(
        residents=row.residents,
        outside_work_pct=row.outside_work_pct,
        convicted_pct=row.convicted_pct,
        national_convicted_pct=row.national_convicted_pct,
        basic_schooling_pct=row.basic_schooling_pct,
        income_pct_of_region=row.income_pct_of_region,
        non_western_pct=row.non_western_pct,
    )


def rule_sets_by_year(rows: Iterable[RuleSetRow] | None = None) -> dict[int, RuleSet]:
    """Every stored rule set, parsed, by year (one query when ``rows`` is not given)."""
    source = RuleSetRow.objects.all() if rows is None else rows
    return {r.year: rule_set_parse(r.definition) for r in source}


def years_evaluate(rows: Iterable[AreaYear], rules: dict[int, RuleSet]) -> dict[int, YearResult]:
    """The results of one area's years. Years between the first and the last without figures
    count as missing, so they break an omdannelse run rather than being skipped."""
    by_year = {r.year: r for r in rows}
    if not by_year:
        return {}
    span = range(min(by_year), max(by_year) + 1)
    return history_evaluate(
        [
            (year, area_values(by_year[year]) if year in by_year else None, rules.get(year))
            for year in span
        ]
    )
