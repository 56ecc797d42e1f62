"""Reading rules and thresholds for the engine: the one place rows become engine data."""

from __future__ import annotations

import datetime

from django.utils import timezone

from socius.procurement.models import Contract
from socius.procurement.rules import engine
from socius.procurement.rules.models import EuThreshold, Rule


def rule_data(rule: Rule) -> engine.RuleData:
    """A rule row as the engine reads it."""
    return engine.RuleData(
        id=rule.pk,
        code=rule.code,
        version=rule.version,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        conditions=engine.conditions_from_json(rule.conditions),
        clause_category=rule.clause_category,
    )


def threshold_data() -> list[engine.ThresholdData]:
    """Every threshold period as the engine reads it."""
    return [
        engine.ThresholdData(*row)
        for row in EuThreshold.objects.values_list(
            "applies_to", "amount_ore", "valid_from", "valid_to"
        )
    ]


def rulebook_load(*, today: datetime.date) -> engine.RuleBook:
    """Every rule version and threshold, compiled for the bulk path."""
    return engine.RuleBook([rule_data(r) for r in Rule.objects.all()], threshold_data(), today)


def contract_facts(contract: Contract, *, today: datetime.date) -> engine.Facts:
    """The facts of one contract the engine decides on."""
    return engine.Facts(
        kind=contract.kind,
        estimated_value_ore=contract.estimated_value_ore,
        performed_in_denmark=contract.performed_in_denmark,
        duration_months=contract.duration_months,
        relevant_on=engine.relevant_date(contract.awarded_on, today),
    )


def contract_evaluate(
    contract: Contract, *, today: datetime.date | None = None
) -> list[engine.Outcome]:
    """The engine's outcomes for one contract now, without storing them."""
    today = today or timezone.localdate()
    rules = [rule_data(r) for r in Rule.objects.all()]
    return engine.evaluate(contract_facts(contract, today=today), rules, threshold_data())
