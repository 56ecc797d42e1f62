"""``{% load procurement_enterprises_tags %}{% enterprises_block contract request.user %}``: the
social-economy enterprises that can deliver what a contract buys, for the contract's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.procurement.enterprises.models import RESERVED_SHARE_TENTHS
from socius.procurement.enterprises.selectors import enterprises_for_contract

register = template.Library()

BLOCK_LIMIT = 5


@register.inclusion_tag("procurement_enterprises/includes/enterprises_block.html")
def enterprises_block(contract: Any, user: Any) -> dict[str, Any]:
    """Up to five enterprises offering the contract's CPV code (or a broader one) in its
    municipality, those that can bid for a reserved contract first, and a link to the
    catalogue searched the same way. Buyers also get a word on reserving the contract."""
    enterprises = enterprises_for_contract(contract=contract, limit=BLOCK_LIMIT)
    municipality = contract.space.municipality
    query = urlencode({"cpv": contract.cpv_code, "area": municipality.code})
    return {
        "contract": contract,
        "municipality": municipality,
        "enterprises": enterprises,
        "any_reserved": any(e.can_bid_reserved for e in enterprises),
        "catalogue_url": f"{reverse('procurement_enterprises:catalogue')}?{query}",
        "is_buyer": user_can(user, Capability.PROCUREMENT_MANAGE),
        "reserved_percent": RESERVED_SHARE_TENTHS // 10,
    }
