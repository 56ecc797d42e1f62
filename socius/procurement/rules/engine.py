"""The rule engine: which rules require a clause on a contract, and why.

``evaluate`` is the pure definition: a contract's facts, the rules and the thresholds in,
an outcome per rule valid on the contract's relevant date out. ``RuleBook`` is the bulk path:
the same decision with the rules valid on each date and their thresholds resolved once per
date, for hundreds of thousands of contracts (the property tests hold it to ``evaluate``).

A rule holds when every condition holds. Conditions are data (``Rule.conditions``):
``{"fact": <one of FACTS>, "op": <one of OPS>, "value": ...}``; ``gte_threshold`` compares
with the EU threshold (``EuThreshold.applies_to`` = value) valid on the date, and does not
hold when no threshold is known for that date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

FACTS = ("kind", "estimated_value_ore", "performed_in_denmark", "duration_months")
OPS = ("eq", "in", "gte", "gte_threshold")
_FACT_INDEX = {fact: i for i, fact in enumerate(FACTS)}

# A condition checked: (fact, op, held, limit). ``limit`` is the number compared with (the
# threshold in øre for gte_threshold, None when no threshold was known), else the value.
type Check = tuple[str, str, bool, Any]


@dataclass(frozen=True, slots=True)
class Facts:
    """What the engine knows of a contract."""

    kind: str
    estimated_value_ore: int
    performed_in_denmark: bool
    duration_months: int
    relevant_on: datetime.date


@dataclass(frozen=True, slots=True)
class RuleData:
    id: int
    code: str
    version: int
    valid_from: datetime.date
    valid_to: datetime.date | None
    conditions: tuple[tuple[str, str, Any], ...]
    clause_category: str


@dataclass(frozen=True, slots=True)
class ThresholdData:
    applies_to: str
    amount_ore: int
    valid_from: datetime.date
    valid_to: datetime.date


class Outcome(NamedTuple):
    """One rule's verdict (a named tuple: the bulk path makes hundreds of thousands)."""

    rule_id: int
    code: str
    required: bool
    checks: tuple[Check, ...]


def relevant_date(awarded_on: datetime.date | None, today: datetime.date) -> datetime.date:
    """The date whose rules and thresholds apply: the award date, or today before the award."""
    return awarded_on or today


def conditions_from_json(conditions: Iterable[dict[str, Any]]) -> tuple[tuple[str, str, Any], ...]:
    """``Rule.conditions`` as tuples; lists become tuples so a rule can be hashed and cached."""
    out = []
    for condition in conditions:
        value = condition["value"]
        out.append(
            (condition["fact"], condition["op"], tuple(value) if isinstance(value, list) else value)
        )
    return tuple(out)


def conditions_check(conditions: Iterable[dict[str, Any]]) -> list[str]:
    """What is wrong with a rule's conditions (empty when none): for the library's forms."""
    problems = []
    for condition in conditions:
        fact, op = condition.get("fact"), condition.get("op")
        if fact not in FACTS or op not in OPS or "value" not in condition:
            problems.append(f"{fact!r} {op!r}")
        elif op == "gte" and (
            isinstance(condition["value"], bool) or not isinstance(condition["value"], int)
        ):
            problems.append(f"{fact!r} {op!r}: not a whole number")
    return problems


def rules_valid_on(rules: Iterable[RuleData], day: datetime.date) -> list[RuleData]:
    """Per code, the newest version that has started by ``day``, unless it has ended."""
    newest: dict[str, RuleData] = {}
    for rule in rules:
        if rule.valid_from > day:
            continue
        known = newest.get(rule.code)
        if known is None or (rule.valid_from, rule.version) > (known.valid_from, known.version):
            newest[rule.code] = rule
    return [
        rule
        for code, rule in sorted(newest.items())
        if rule.valid_to is None or day <= rule.valid_to
    ]


def threshold_on(
    thresholds: Iterable[ThresholdData], applies_to: str, day: datetime.date
) -> int | None:
    """The EU threshold in øre for ``applies_to`` on ``day``; None outside every period."""
    for threshold in thresholds:
        if threshold.applies_to == applies_to and threshold.valid_from <= day <= threshold.valid_to:
            return threshold.amount_ore
    return None


def _check(fact_value: Any, op: str, value: Any, limit: Any) -> bool:
    if op == "eq":
        return bool(fact_value == value)
    if op == "in":
        return fact_value in value
    # gte and gte_threshold; an unknown threshold never holds.
    return limit is not None and fact_value >= limit


def evaluate(
    facts: Facts, rules: Sequence[RuleData], thresholds: Sequence[ThresholdData]
) -> list[Outcome]:
    """The outcome of every rule valid on the contract's relevant date, by code."""
    outcomes = []
    for rule in rules_valid_on(rules, facts.relevant_on):
        checks: list[Check] = []
        for fact, op, value in rule.conditions:
            if op == "gte_threshold":
                limit = threshold_on(thresholds, value, facts.relevant_on)
            else:
                limit = value
            held = _check(getattr(facts, fact), op, value, limit)
            checks.append((fact, op, held, limit))
        required = all(check[2] for check in checks)
        outcomes.append(Outcome(rule.id, rule.code, required, tuple(checks)))
    return outcomes


# A row as the bulk path reads it: (contract id, kind, value in øre, in Denmark, months,
# award date or None).
type Row = tuple[int, str, int, bool, int, datetime.date | None]


class RuleBook:
    """The bulk path: rules compiled once per date, then a tight loop per contract."""

    def __init__(
        self, rules: Sequence[RuleData], thresholds: Sequence[ThresholdData], today: datetime.date
    ) -> None:
        self.rules = tuple(rules)
        self.thresholds = tuple(thresholds)
        self.today = today
        self._by_day: dict[datetime.date, list[tuple[RuleData, tuple[Any, ...]]]] = {}

    def _compiled(self, day: datetime.date) -> list[tuple[RuleData, tuple[Any, ...]]]:
        compiled = self._by_day.get(day)
        if compiled is None:
            compiled = []
            for rule in rules_valid_on(self.rules, day):
                conditions = []
                for fact, op, value in rule.conditions:
                    limit = (
                        threshold_on(self.thresholds, value, day)
                        if op == "gte_threshold"
                        else value
                    )
                    conditions.append((_FACT_INDEX[fact] + 1, fact, op, value, limit))
                compiled.append((rule, tuple(conditions)))
            self._by_day[day] = compiled
        return compiled

    def assess(self, row: Row) -> list[Outcome]:
        """The same outcomes as ``evaluate`` for one row."""
        outcomes = []
        for rule, conditions in self._compiled(row[5] or self.today):
            checks = tuple(
                (
                    fact,
                    op,
                    row[index] == value
                    if op == "eq"
                    else row[index] in value
                    if op == "in"
                    else limit is not None and row[index] >= limit,
                    limit,
                )
                for index, fact, op, value, limit in conditions
            )
            required = all(check[2] for check in checks)
            outcomes.append(Outcome(rule.id, rule.code, required, checks))
        return outcomes
