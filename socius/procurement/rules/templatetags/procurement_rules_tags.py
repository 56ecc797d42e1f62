"""``{% rules_block contract user %}``: what the law requires on a contract, for its page;
``{{ amount_ore|rules_kroner }}`` and ``{{ category|clause_category_label }}`` for the rules'
own pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.templatetags.socius import kroner as core_kroner
from socius.procurement.clauses.models import Category
from socius.procurement.rules.selectors import contract_requirements

register = template.Library()


# Money reads the same on every page: core's filter, under this library's name too.
register.filter("rules_kroner", core_kroner)


@register.filter
def clause_category_label(category: str) -> str:
    """The readable name of a clause category ("training": "Training clause")."""
    try:
        return str(Category(category).label)
    except ValueError:
        return category


@register.inclusion_tag("procurement_rules/includes/rules_block.html")
def rules_block(contract: Any, user: Any) -> dict[str, Any]:
    """Each rule valid on the contract's date: required or not, why, and for buyers the way
    to add the clause or explain leaving it out."""
    can_manage = user_can(user, Capability.PROCUREMENT_MANAGE)
    rows = []
    for requirement in contract_requirements(contract=contract):
        row: dict[str, Any] = {"requirement": requirement}
        if can_manage and requirement.required and not requirement.met:
            row["add_url"] = (
                reverse("procurement_clauses:contract-clause-add", args=[contract.public_id])
                + f"?kategori={requirement.category}"
            )
        if can_manage and requirement.required and requirement.rule.follow_or_explain:
            row["explain_url"] = reverse(
                "procurement_rules:decision-create",
                args=[contract.public_id, requirement.rule.code],
            )
        rows.append(row)
    return {"contract": contract, "rows": rows, "can_manage": can_manage}
