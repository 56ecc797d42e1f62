"""``{% load procurement_clauses_tags %}{% clauses_block contract request.user %}``: the clauses
on a contract for its page, and ``{{ amount_ore|clause_kroner }}``."""

from __future__ import annotations

from typing import Any

from django import template

from socius.core.access import user_acts_for_organisation, user_can
from socius.core.roles import Capability
from socius.core.templatetags.socius import kroner as core_kroner
from socius.procurement.clauses.selectors import clauses_for_contract, outcomes_for

register = template.Library()


@register.inclusion_tag("procurement_clauses/includes/clauses_block.html")
def clauses_block(contract: Any, user: Any) -> dict[str, Any]:
    """The contract's clauses with their outcomes; buyers get the link to add one, and the
    buyer and the supplier get links to each reporting period."""
    is_buyer = user_can(user, Capability.PROCUREMENT_MANAGE)
    is_supplier = contract.supplier_id is not None and user_acts_for_organisation(
        user, contract.supplier_id
    )
    items = [
        {"clause": cc, "outcome": outcomes_for(contract_clause=cc)}
        for cc in clauses_for_contract(contract=contract)
    ]
    return {
        "contract": contract,
        "items": items,
        "is_buyer": is_buyer,
        "is_party": is_buyer or is_supplier,
    }


# Money reads the same on every page: core's filter, under this library's name too.
register.filter("clause_kroner", core_kroner)
