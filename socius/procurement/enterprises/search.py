"""Social-economy enterprises in search: what the catalogue shows publicly (the name, the
organisation's description, the capacity, the offered CPV codes with their labels and the
municipalities served); never the evidence or who registered it.

Every enterprise in the catalogue is public, so every one is indexed. The offers and areas are
saved after the enterprise in the same transaction; the index reads them once it commits."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_register
from socius.procurement.cpv import cpv_label
from socius.procurement.enterprises.models import SocialEnterprise

SEARCH_KIND = "procurement_enterprise"


def enterprise_document(enterprise: SocialEnterprise) -> Document | None:
    offers = [f"{o.cpv_code} {cpv_label(o.cpv_code)}".strip() for o in enterprise.offers.all()]
    areas = [m.name for m in enterprise.areas.all()]
    body = "\n".join(
        part
        for part in (
            enterprise.organisation.description,
            enterprise.capacity,
            "\n".join(offers),
            ", ".join(areas),
        )
        if part
    )
    return Document(
        title=enterprise.organisation.name,
        body=body,
        url=enterprise.get_absolute_url(),
        kind=SEARCH_KIND,
        module="procurement",
        published=enterprise.created_at,
    )


def enterprise_queryset() -> QuerySet[SocialEnterprise]:
    return SocialEnterprise.objects.select_related("organisation").prefetch_related(
        "offers", "areas"
    )


search_register(
    kind=SEARCH_KIND,
    module="procurement",
    model=SocialEnterprise,
    document=enterprise_document,
    queryset=enterprise_queryset,
    label=_("Social-economy enterprises"),
)
