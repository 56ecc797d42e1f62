"""Reads of the contracts part."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404

from socius.core.models import MunicipalSpace
from socius.procurement.models import Contract, Department


def department_list_for(*, space: MunicipalSpace) -> QuerySet[Department]:
    return Department.objects.filter(space=space).order_by("name")


def contract_list_for(
    *,
    space: MunicipalSpace,
    user: Any = None,
    department: str = "",
    status: str = "",
    kind: str = "",
    clause_required: bool = False,
    text: str = "",
) -> QuerySet[Contract]:
    """A municipality's contracts, filtered; public, so ``user`` changes nothing yet."""
    qs = Contract.objects.filter(space=space).select_related("department", "supplier")
    if department:
        qs = qs.filter(department__slug=department)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.filter(
            Q(title__icontains=text) | Q(reference__icontains=text) | Q(cpv_code__startswith=text)
        )
    if clause_required and apps.is_installed("socius.procurement.rules"):
        try:
            assessment = apps.get_model("procurement_rules", "Assessment")
        except LookupError:
            assessment = None
        if assessment is not None:
            ids = assessment.objects.filter(required=True).values("contract_id")
            qs = qs.filter(pk__in=ids)
    return qs.order_by("-created_at", "id")


def contract_for_view(*, user: Any, public_id: Any) -> Contract:
    """One contract (public information), or 404."""
    contract = (
        Contract.objects.select_related("space__municipality", "department", "supplier")
        .filter(public_id=public_id)
        .first()
    )
    if contract is None:
        raise Http404
    return contract
