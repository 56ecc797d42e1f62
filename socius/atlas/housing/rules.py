"""Rule sets as data: reading ``data/rule_sets.json`` (and the stored ``RuleSet.definition``)
into the calculator's ``RuleSet``.

One entry per year, because the lists are published every 1 December under the law as it
stands then. A change in the law is a new entry in the JSON file, loaded with
``manage.py housing_rules_load``; no code changes. A definition is checked completely before it
is stored: an unknown measure or operator, a threshold that is not a plain decimal, or more
criteria needed than listed is refused, so a typo cannot silently change a status.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from socius.atlas.housing.calculator import Criterion, Measure, Op, RuleSet, Tier

RULES_FILE = Path(__file__).parent / "data" / "rule_sets.json"
NAME_KEYS = ("udsat", "parallelsamfund", "omdannelse", "forebyggelse")


class RuleSetError(ValueError):
    """A rule set definition that cannot be used as it is."""


def _decimal(value: Any, where: str) -> Decimal:
    if not isinstance(value, str):
        raise RuleSetError(f"{where}: the threshold must be a decimal written as a string")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise RuleSetError(f"{where}: {value!r} is not a decimal") from exc
    if not number.is_finite() or number < 0:
        raise RuleSetError(f"{where}: {value!r} must be a finite, non-negative decimal")
    return number


def _criterion(data: Any, where: str) -> Criterion:
    if not isinstance(data, dict) or set(data) != {"measure", "op", "threshold"}:
        raise RuleSetError(f"{where}: a criterion has exactly measure, op and threshold")
    try:
        measure = Measure(data["measure"])
        op = Op(data["op"])
    except ValueError as exc:
        raise RuleSetError(f"{where}: {exc}") from exc
    return Criterion(measure, op, _decimal(data["threshold"], where))


def _int(value: Any, where: str, *, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise RuleSetError(f"{where}: a whole number of at least {low} is needed")
    return value


def _tier(data: Any, where: str, *, with_non_western: bool) -> Tier:
    if not isinstance(data, dict):
        raise RuleSetError(f"{where}: an object is needed")
    raw = data.get("criteria")
    if not isinstance(raw, list) or not raw:
        raise RuleSetError(f"{where}: at least one criterion is needed")
    criteria = tuple(_criterion(c, f"{where}.criteria[{i}]") for i, c in enumerate(raw))
    if len({c.measure for c in criteria}) != len(criteria):
        raise RuleSetError(f"{where}: a measure is listed twice")
    needed = _int(data.get("criteria_needed"), f"{where}.criteria_needed", low=1)
    if needed > len(criteria):
        raise RuleSetError(f"{where}: more criteria needed than listed")
    non_western = None
    if with_non_western:
        non_western = _criterion(data.get("non_western"), f"{where}.non_western")
    return Tier(
        min_residents=_int(data.get("min_residents"), f"{where}.min_residents", low=0),
        criteria=criteria,
        criteria_needed=needed,
        non_western=non_western,
    )


def rule_set_parse(data: Any) -> RuleSet:
    """The calculator's rule set from one JSON entry; ``RuleSetError`` says what is wrong."""
    if not isinstance(data, dict):
        raise RuleSetError("a rule set is an object")
    year = _int(data.get("year"), "year", low=2000)
    where = str(year)
    names = data.get("names") or {}
    if not isinstance(names, dict) or not set(names) <= set(NAME_KEYS):
        raise RuleSetError(f"{where}.names: only {', '.join(NAME_KEYS)}")
    forebyggelse = None
    if data.get("forebyggelse") is not None:
        forebyggelse = _tier(data["forebyggelse"], f"{where}.forebyggelse", with_non_western=True)
    parallel = _criterion(data.get("parallelsamfund"), f"{where}.parallelsamfund")
    if parallel.measure != Measure.NON_WESTERN:
        raise RuleSetError(f"{where}.parallelsamfund: must be the non-Western share")
    return RuleSet(
        year=year,
        udsat=_tier(data.get("udsat"), f"{where}.udsat", with_non_western=False),
        parallelsamfund=parallel,
        omdannelse_years=_int(data.get("omdannelse_years"), f"{where}.omdannelse_years", low=1),
        forebyggelse=forebyggelse,
        names={str(k): str(v) for k, v in names.items()},
    )


def rule_sets_from_file(path: Path = RULES_FILE) -> list[dict[str, Any]]:
    """Every entry of the rules file, each checked with ``rule_set_parse``."""
    entries = json.loads(path.read_text(encoding="utf-8"))["rule_sets"]
    years = [rule_set_parse(entry).year for entry in entries]
    if len(set(years)) != len(years):
        raise RuleSetError("a year appears twice in the rules file")
    return list(entries)
