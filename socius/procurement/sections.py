"""The procurement box on a municipality's page: links to its contracts and follow-up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register


def municipality_procurement(*, municipality: Any) -> list[Any]:
    """One item, the space, when the municipality has registered contracts (one query)."""
    from django.db.models import Count

    from socius.core.models import MunicipalSpace

    space = (
        MunicipalSpace.objects.filter(municipality=municipality)
        .annotate(count=Count("procurement_contracts"))
        .first()
    )
    if space is None or not space.count:
        return []
    return [{"space": space, "count": space.count}]


section_register(
    Section(
        key="procurement",
        page="municipality",
        heading=_("Procurement and social clauses"),
        template="procurement/sections/municipality.html",
        items=municipality_procurement,
        empty=_("The municipality has not registered any contracts yet."),
        order=60,
        more_url="procurement:home",
        more_label=_("About social clauses in procurement"),
    )
)
