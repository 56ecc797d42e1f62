"""The one door to the contracts part's protected objects and pages.

Contracts are public; creating, changing and importing them needs PROCUREMENT_MANAGE (403
for a page a person knows of). An import's progress page is the buyers' only (404 for others:
it names a file)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import require, user_can
from socius.core.models import MunicipalSpace
from socius.core.roles import Capability
from socius.procurement.models import Contract, ContractImport


def space_public(*, slug: str) -> MunicipalSpace:
    """A participating municipality's space, or 404."""
    space = (
        MunicipalSpace.objects.participating()
        .select_related("municipality")
        .filter(slug=slug)
        .first()
    )
    if space is None:
        raise Http404
    return space


def user_can_manage(user: Any) -> bool:
    return user_can(user, Capability.PROCUREMENT_MANAGE)


def space_for_manage(*, user: Any, slug: str) -> MunicipalSpace:
    """The space, for buyers (PermissionDenied, 403, for others)."""
    space = space_public(slug=slug)
    require(user, Capability.PROCUREMENT_MANAGE)
    return space


def contract_for_manage(*, user: Any, public_id: Any) -> Contract:
    """A contract to change: 404 when missing, 403 without the capability."""
    contract = (
        Contract.objects.select_related("space__municipality", "department")
        .filter(public_id=public_id)
        .first()
    )
    if contract is None:
        raise Http404
    require(user, Capability.PROCUREMENT_MANAGE)
    return contract


def import_for_manage(*, user: Any, public_id: Any) -> ContractImport:
    """An import's progress and report, for buyers only (404 for anyone else)."""
    if not user_can_manage(user):
        raise Http404
    job = ContractImport.objects.select_related("space").filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return job
