"""Reads of the procurement rules: what the law requires on a contract, and why, in words."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socius.core.dates import date_text
from socius.core.money import format_danish_amount
from socius.procurement.clauses import selectors as clause_selectors
from socius.procurement.rules import engine
from socius.procurement.rules.book import contract_evaluate
from socius.procurement.rules.models import Assessment, ClauseDecision, EuThreshold, Rule

if TYPE_CHECKING:
    from socius.core.models import MunicipalSpace
    from socius.procurement.models import Contract


@dataclass(frozen=True)
class Requirement:
    """One rule's verdict on a contract, ready for a page."""

    rule: Rule
    required: bool
    reasons: list[str]
    decision: ClauseDecision | None
    # True when not required, when the clause category is on the contract, or when the
    # newest decision explains the clause away.
    met: bool

    @property
    def category(self) -> str:
        return self.rule.clause_category

    @property
    def explained(self) -> bool:
        return (
            self.decision is not None and self.decision.decision == ClauseDecision.Decision.EXPLAIN
        )


def _kroner(ore: int) -> str:
    return format_danish_amount(Decimal(ore) / 100)


_KIND_TEXTS = {
    ("works", True): lambda: _("It is a works contract."),
    ("works", False): lambda: _("It is not a works contract."),
    ("services", True): lambda: _("It is a service contract."),
    ("services", False): lambda: _("It is not a service contract."),
    ("supplies", True): lambda: _("It is a supply contract."),
    ("supplies", False): lambda: _("It is not a supply contract."),
}


def _reason_text(check: Sequence[Any], contract: Contract, relevant_on: datetime.date) -> str:
    fact, op, held, limit = check
    if fact == "kind" and op == "eq" and (limit, bool(held)) in _KIND_TEXTS:
        return str(_KIND_TEXTS[(limit, bool(held))]())
    if fact == "performed_in_denmark":
        done_in_denmark = bool(held) == bool(limit)
        if done_in_denmark:
            return _("The work is done in Denmark.")
        return _("The work is not done in Denmark.")
    if fact == "duration_months" and op == "gte":
        months = contract.duration_months
        if held:
            text = ngettext(
                "The contract runs for %(months)d month, at least %(limit)d.",
                "The contract runs for %(months)d months, at least %(limit)d.",
                months,
            )
        else:
            text = ngettext(
                "The contract runs for %(months)d month, less than %(limit)d.",
                "The contract runs for %(months)d months, less than %(limit)d.",
                months,
            )
        return text % {"months": months, "limit": limit}
    if fact == "estimated_value_ore" and op == "gte_threshold":
        if limit is None:
            return _("No EU threshold is known for %(date)s.") % {"date": date_text(relevant_on)}
        params = {"value": _kroner(contract.estimated_value_ore), "limit": _kroner(limit)}
        if held:
            return _("The value, %(value)s, is at least the EU threshold of %(limit)s") % params
        return _("The value, %(value)s, is below the EU threshold of %(limit)s") % params
    if fact == "estimated_value_ore" and op == "gte":
        params = {"value": _kroner(contract.estimated_value_ore), "limit": _kroner(limit)}
        if held:
            return _("The value, %(value)s, is at least %(limit)s") % params
        return _("The value, %(value)s, is below %(limit)s") % params
    if held:
        return _("Condition met: %(fact)s.") % {"fact": fact}
    return _("Condition not met: %(fact)s.") % {"fact": fact}


def reason_texts(
    checks: Iterable[Sequence[Any]], *, contract: Contract, relevant_on: datetime.date
) -> list[str]:
    """The checks of an assessment in plain words: the ones that decided it first."""
    ordered = sorted(checks, key=lambda check: bool(check[2]))
    return [_reason_text(check, contract, relevant_on) for check in ordered]


def _latest_decisions(contract_ids: Iterable[int]) -> dict[tuple[int, str], ClauseDecision]:
    latest: dict[tuple[int, str], ClauseDecision] = {}
    rows = ClauseDecision.objects.filter(contract_id__in=list(contract_ids)).order_by(
        "contract_id", "code", "-decided_at", "-id"
    )
    for decision in rows:
        latest.setdefault((decision.contract_id, decision.code), decision)
    return latest


def contract_requirements(
    *, contract: Contract, today: datetime.date | None = None
) -> list[Requirement]:
    """Each rule valid on the contract's relevant date: required or not, why, the newest
    "follow or explain" decision and whether the requirement is met. Read from the stored
    assessments; a contract not assessed yet is evaluated on the fly (nothing is stored)."""
    today = today or timezone.localdate()
    relevant_on = engine.relevant_date(contract.awarded_on, today)
    stored = list(Assessment.objects.filter(contract=contract).select_related("rule"))
    if stored:
        verdicts = [(a.rule, a.required, a.reasons) for a in stored]
    else:
        outcomes = contract_evaluate(contract, today=today)
        rules = Rule.objects.in_bulk([o.rule_id for o in outcomes])
        verdicts = [(rules[o.rule_id], o.required, list(o.checks)) for o in outcomes]
    decisions = _latest_decisions([contract.pk])
    categories: set[str] | None = None
    requirements = []
    for rule, required, checks in verdicts:
        decision = decisions.get((contract.pk, rule.code))
        met = not required
        if required:
            if categories is None:
                categories = clause_selectors.contract_clause_categories(contract=contract)
            met = rule.clause_category in categories or (
                decision is not None and decision.decision == ClauseDecision.Decision.EXPLAIN
            )
        reasons = reason_texts(checks, contract=contract, relevant_on=relevant_on)
        requirements.append(Requirement(rule, required, reasons, decision, met))
    return requirements


@dataclass(frozen=True)
class RequirementCounts:
    """For a municipality's dashboard: required clauses, and how each stands."""

    required: int
    with_clause: int
    explained: int
    open: int


def requirement_counts(*, space: MunicipalSpace) -> RequirementCounts:
    """How many (contract, rule) pairs in ``space`` require a clause, how many carry it, how
    many are explained away, and how many are still open. Three queries."""
    pairs = list(
        Assessment.objects.filter(contract__space=space, required=True)
        .exclude(contract__status="cancelled")
        .values_list("contract_id", "code", "rule__clause_category")
    )
    contract_ids = sorted({contract_id for contract_id, _code, _cat in pairs})
    categories = clause_selectors.contract_clause_categories_bulk(contract_ids=contract_ids)
    decisions = _latest_decisions(contract_ids)
    with_clause = explained = 0
    for contract_id, code, category in pairs:
        if category in categories.get(contract_id, set()):
            with_clause += 1
            continue
        decision = decisions.get((contract_id, code))
        if decision is not None and decision.decision == ClauseDecision.Decision.EXPLAIN:
            explained += 1
    required = len(pairs)
    return RequirementCounts(required, with_clause, explained, required - with_clause - explained)


def required_contract_ids(*, codes: Iterable[str] | None = None) -> QuerySet[Assessment, int]:
    """Contract ids where a rule requires a clause (the contract list's filter uses it)."""
    rows = Assessment.objects.filter(required=True)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return rows.values_list("contract_id", flat=True)


def rule_versions() -> dict[str, list[Rule]]:
    """Every rule's versions by code, newest first."""
    versions: dict[str, list[Rule]] = defaultdict(list)
    for rule in Rule.objects.order_by("code", "-version"):
        versions[rule.code].append(rule)
    return dict(versions)


def rule_current(*, code: str, today: datetime.date | None = None) -> Rule | None:
    """The version of ``code`` valid today (or the newest, when none is valid yet)."""
    today = today or timezone.localdate()
    versions = list(Rule.objects.filter(code=code).order_by("-valid_from", "-version"))
    for rule in versions:
        if rule.valid_from <= today and (rule.valid_to is None or today <= rule.valid_to):
            return rule
    return versions[0] if versions else None


def threshold_periods() -> list[tuple[datetime.date, datetime.date, list[EuThreshold]]]:
    """The thresholds grouped by period, newest period first."""
    periods: dict[tuple[datetime.date, datetime.date], list[EuThreshold]] = defaultdict(list)
    for threshold in EuThreshold.objects.order_by("-valid_from", "applies_to"):
        periods[(threshold.valid_from, threshold.valid_to)].append(threshold)
    return [(start, end, rows) for (start, end), rows in periods.items()]
