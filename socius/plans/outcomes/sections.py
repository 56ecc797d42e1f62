"""The outcomes of Min plan on a municipality's pages: a link to its released tables on its
space, and the newest table of each kind for all plans in the social atlas."""

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


def atlas_outcomes(*, code: str) -> list[Any]:
    """The newest released table of each kind for all the municipality's plans (not one
    theme's), newest cohort first, as tables without charts (one query)."""
    from socius.plans.outcomes.presentation import release_view
    from socius.plans.outcomes.selectors import release_latest_per_table

    return [release_view(release, chart=False) for release in release_latest_per_table(code)]


section_register(
    Section(
        key="plans_outcomes",
        page="atlas_municipality",
        heading=_("What people's own plans show"),
        template="plans_outcomes/sections/atlas.html",
        items=atlas_outcomes,
        empty=_("The municipality has not released numbers from people's plans yet."),
        order=70,
        more_url="plans:about",
        more_label=_("About Min plan"),
    )
)
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
