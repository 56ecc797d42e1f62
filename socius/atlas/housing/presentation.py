"""The calculator's results in plain Danish (or English): what each criterion measures, its
threshold, the area's value and how far it is from the threshold ("2,3 procentpoint under
grænsen")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.atlas.housing.calculator import (
    Criterion,
    CriterionResult,
    Measure,
    Op,
    RuleSet,
    Tier,
    TierResult,
    YearResult,
)

MEASURE_LABELS: dict[Measure, Promise] = {
    Measure.OUTSIDE_WORK: gettext_lazy("18–64-year-olds outside work or education"),
    Measure.CONVICTIONS: gettext_lazy("Convictions compared with all Denmark"),
    Measure.BASIC_SCHOOLING: gettext_lazy("30–59-year-olds with only basic schooling"),
    Measure.INCOME: gettext_lazy("Mean gross income of 15–64-year-olds compared with the region"),
    Measure.NON_WESTERN: gettext_lazy("Non-Western immigrants and descendants"),
}


def number(value: Decimal, places: int | None = None) -> str:
    """A decimal the local way ("40,5"): one decimal, or two when the second is not 0."""
    if places is None:
        places = 1 if value == value.quantize(Decimal("0.1")) else 2
    return number_format(
        value.quantize(Decimal(1).scaleb(-places)), decimal_pos=places, force_grouping=True
    )


def threshold_text(criterion: Criterion) -> str:
    """The threshold as the law puts it: "more than 40 %", "at least 3 times"."""
    whole = criterion.threshold == criterion.threshold.to_integral_value()
    t = number(criterion.threshold, 0 if whole else None)
    if criterion.measure == Measure.CONVICTIONS:
        texts = {
            Op.GT: _("more than %(n)s times the national rate"),
            Op.GE: _("at least %(n)s times the national rate"),
            Op.LT: _("less than %(n)s times the national rate"),
            Op.LE: _("at most %(n)s times the national rate"),
        }
    elif criterion.measure == Measure.INCOME:
        texts = {
            Op.GT: _("more than %(n)s %% of the region's"),
            Op.GE: _("at least %(n)s %% of the region's"),
            Op.LT: _("under %(n)s %% of the region's"),
            Op.LE: _("at most %(n)s %% of the region's"),
        }
    else:
        texts = {
            Op.GT: _("more than %(n)s %%"),
            Op.GE: _("at least %(n)s %%"),
            Op.LT: _("under %(n)s %%"),
            Op.LE: _("at most %(n)s %%"),
        }
    return texts[criterion.op] % {"n": t}


def value_text(result: CriterionResult) -> str:
    if result.criterion.measure == Measure.CONVICTIONS:
        return _("%(n)s times") % {"n": number(result.value, 2)}
    return _("%(n)s %%") % {"n": number(result.value)}


def distance_text(result: CriterionResult) -> str:
    """The signed distance in words: "2,3 procentpoint under grænsen"."""
    distance = result.distance
    if result.criterion.measure == Measure.CONVICTIONS:
        distance = distance.quantize(Decimal("0.01"))
        amount = number(abs(distance), 2)
        if distance > 0:
            return _("%(n)s times the national rate above the threshold") % {"n": amount}
        if distance < 0:
            return _("%(n)s times the national rate below the threshold") % {"n": amount}
        return _("exactly at the threshold")
    amount = number(abs(distance))
    if distance > 0:
        return _("%(n)s percentage points above the threshold") % {"n": amount}
    if distance < 0:
        return _("%(n)s percentage points below the threshold") % {"n": amount}
    return _("exactly at the threshold")


@dataclass(frozen=True)
class CriterionRow:
    key: str
    label: str
    threshold: str
    value: str
    met: bool
    distance: str
    is_non_western: bool


def criterion_row(result: CriterionResult) -> CriterionRow:
    measure = result.criterion.measure
    return CriterionRow(
        key=measure.value,
        label=str(MEASURE_LABELS[measure]),
        threshold=threshold_text(result.criterion),
        value=value_text(result),
        met=result.met,
        distance=distance_text(result),
        is_non_western=measure == Measure.NON_WESTERN,
    )


@dataclass(frozen=True)
class TierRows:
    rows: list[CriterionRow]
    met_count: int
    needed: int
    residents_ok: bool
    qualifies: bool
    non_western: CriterionRow | None

    @property
    def all_rows(self) -> list[CriterionRow]:
        """The criteria and, last, the non-Western condition (§ 61 b)."""
        return [*self.rows, *([self.non_western] if self.non_western else [])]


def tier_rows(result: TierResult | None) -> TierRows | None:
    if result is None:
        return None
    return TierRows(
        rows=[criterion_row(r) for r in result.criteria],
        met_count=result.met_count,
        needed=result.criteria_needed,
        residents_ok=result.residents_ok,
        qualifies=result.qualifies,
        non_western=criterion_row(result.non_western) if result.non_western else None,
    )


def year_rows(result: YearResult) -> dict[str, Any]:
    """Everything the area page shows about one year's result."""
    return {
        "year": result.year,
        "status": result.status.value,
        "udsat": tier_rows(result.udsat),
        "parallelsamfund": criterion_row(result.parallelsamfund),
        "parallel_rows": [criterion_row(result.parallelsamfund)],
        "forebyggelse": tier_rows(result.forebyggelse),
        "parallel_run": result.parallel_run,
        "omdannelse_years": result.omdannelse_years,
        "history_complete": result.history_complete,
    }


def tier_rules(tier: Tier | None) -> dict[str, Any] | None:
    """A rule set's list conditions for the rules page."""
    if tier is None:
        return None
    return {
        "min_residents": tier.min_residents,
        "needed": tier.criteria_needed,
        "criteria": [
            {"label": str(MEASURE_LABELS[c.measure]), "threshold": threshold_text(c)}
            for c in tier.criteria
        ],
        "non_western": threshold_text(tier.non_western) if tier.non_western else None,
    }


def rule_set_rules(rules: RuleSet) -> dict[str, Any]:
    return {
        "year": rules.year,
        "udsat": tier_rules(rules.udsat),
        "parallelsamfund": threshold_text(rules.parallelsamfund),
        "omdannelse_years": rules.omdannelse_years,
        "forebyggelse": tier_rules(rules.forebyggelse),
        "names": dict(rules.names),
    }
