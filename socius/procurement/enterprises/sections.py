"""The social-economy box on a municipality's page: the enterprises that serve it and the
municipality's own companies, each with a link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality
from socius.core.sections import Section, section_register
from socius.procurement.enterprises.selectors import (
    companies_of_municipality,
    enterprises_serving,
)

SECTION_LIMIT = 10


def municipality_social_economy(*, municipality: Municipality) -> list[dict[str, Any]]:
    """One item with up to ten enterprises serving ``municipality`` and up to ten of its own
    companies, or nothing when it has neither. Two queries whatever the data; public only."""
    enterprises = enterprises_serving(municipality=municipality, limit=SECTION_LIMIT)
    companies = companies_of_municipality(municipality=municipality, limit=SECTION_LIMIT)
    if not enterprises and not companies:
        return []
    catalogue = reverse("procurement_enterprises:catalogue")
    return [
        {
            "municipality": municipality,
            "enterprises": enterprises,
            "companies": companies,
            "catalogue_url": f"{catalogue}?{urlencode({'area': municipality.code})}",
            "limit": SECTION_LIMIT,
        }
    ]


section_register(
    Section(
        key="procurement_enterprises",
        page="municipality",
        heading=_("Social-economy enterprises and municipal companies"),
        template="procurement_enterprises/sections/municipality.html",
        items=municipality_social_economy,
        empty=_(
            "No social-economy enterprise in the catalogue serves the municipality yet, "
            "and none of its own companies is listed."
        ),
        order=62,
        more_url="procurement_enterprises:catalogue",
        more_label=_("All social-economy enterprises"),
    )
)
