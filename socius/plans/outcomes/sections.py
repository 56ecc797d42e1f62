"""The outcomes of Min plan on a municipality's page: a link to its released tables."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register


def municipality_outcomes(*, municipality: Any) -> list[Any]:
    """One item when the municipality has released outcome tables (one query)."""
    from socius.plans.outcomes.models import Release

    released = Release.objects.filter(
        municipality=municipality, status=Release.Status.DONE
    ).aggregate(count=Count("id"))["count"]
    return [{"code": municipality.code, "count": released}] if released else []


section_register(
    Section(
        key="plans_outcomes",
        page="municipality",
        heading=_("What plans show"),
        template="plans_outcomes/sections/municipality.html",
        items=municipality_outcomes,
        empty=_("The municipality has not released numbers from people's plans yet."),
        order=70,
        more_url="plans:about",
        more_label=_("About Min plan"),
    )
)
