"""The one door to what the rules' protected pages act on.

Contracts and rules are public, so a missing one is 404 for everybody; the capability is
checked first by the views' decorator (403 for a person without it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.core.access import require
from socius.core.roles import Capability
from socius.procurement.models import Contract
from socius.procurement.rules.models import Rule

if TYPE_CHECKING:
    from socius.core.access import Viewer


def contract_for_decision(*, user: Viewer, public_id: Any, code: str) -> tuple[Contract, Rule]:
    """The contract and the newest version of rule ``code``, for a buyer's decision."""
    require(user, Capability.PROCUREMENT_MANAGE)
    contract = Contract.objects.filter(public_id=public_id).select_related("space").first()
    rule = Rule.objects.filter(code=code).order_by("-version").first()
    if contract is None or rule is None:
        raise Http404
    return contract, rule


def rule_for_library(*, user: Viewer, code: str) -> Rule:
    """The newest version of rule ``code``, for the library's editors."""
    require(user, Capability.PROCUREMENT_LIBRARY)
    rule = Rule.objects.filter(code=code).order_by("-version").first()
    if rule is None:
        raise Http404
    return rule
