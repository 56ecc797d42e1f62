"""Contracts in search: public facts only (title, reference, description, CPV label)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_register
from socius.procurement.cpv import cpv_label
from socius.procurement.models import Contract


def contract_document(contract: Contract) -> Document | None:
    body = "\n".join(
        p for p in (contract.reference, contract.description, cpv_label(contract.cpv_code)) if p
    )
    return Document(
        title=contract.title,
        body=body,
        url=contract.get_absolute_url(),
        kind="procurement_contract",
        module="procurement",
        published=contract.created_at,
    )


def contract_queryset() -> QuerySet[Contract]:
    return Contract.objects.all()


search_register(
    kind="procurement_contract",
    module="procurement",
    model=Contract,
    document=contract_document,
    queryset=contract_queryset,
    label=_("Contracts"),
)
