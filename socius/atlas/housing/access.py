"""The one door to housing objects.

Housing areas, rule sets, segregation figures and intergenerational projects are public: a
missing one is a 404 for everyone. The administrators' pages (``housing.manage``) are pages
people know of and answer 403 without the capability, checked before any lookup (the
decorator on the view). A project's edit page and an organisation's demand belong to the
housing organisation: 404 for everyone who does not act for it, exactly as for a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.atlas.housing import selectors
from socius.atlas.housing.models import (
    HousingArea,
    Initiative,
    IntergenerationalProject,
    OutcomeMeasure,
)
from socius.core.access import ACTING_ROLES, user_can
from socius.core.models import Membership, Municipality, Organisation
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User


def area_public(*, slug: str) -> HousingArea:
    area = selectors.area_get(slug)
    if area is None:
        raise Http404
    return area


def area_for_manage(*, user: User, slug: str) -> HousingArea:
    """An area for its administrators (the view has already checked the capability)."""
    if not user_can(user, Capability.HOUSING_MANAGE):
        raise Http404
    return area_public(slug=slug)


def initiative_for_manage(*, user: User, pk: int) -> Initiative:
    if not user_can(user, Capability.HOUSING_MANAGE):
        raise Http404
    item = Initiative.objects.select_related("area").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def measure_for_manage(*, user: User, pk: int) -> OutcomeMeasure:
    if not user_can(user, Capability.HOUSING_MANAGE):
        raise Http404
    measure = (
        OutcomeMeasure.objects.select_related("initiative__area", "indicator").filter(pk=pk).first()
    )
    if measure is None:
        raise Http404
    return measure


def municipality_public(*, code: str) -> Municipality:
    if not code.isascii() or not code.isdigit() or len(code) != 3:
        raise Http404
    municipality = Municipality.objects.select_related("region").filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def project_public(*, slug: str) -> IntergenerationalProject:
    project = selectors.project_get(slug)
    if project is None:
        raise Http404
    return project


def organisations_acted_for(user: User) -> list[Organisation]:
    """The organisations ``user`` is a contact or board member of."""
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=ACTING_ROLES
        ).distinct()
    )


def project_for_organisation(*, user: User, slug: str) -> IntergenerationalProject:
    """A project its housing organisation's contacts and board members may change."""
    project = selectors.project_get(slug)
    if (
        project is None
        or not Membership.objects.filter(
            user=user, organisation_id=project.organisation_id, role__in=ACTING_ROLES
        ).exists()
    ):
        raise Http404
    return project


def organisation_for_demand(*, user: User, slug: str) -> Organisation:
    """An organisation whose demand figures ``user`` may see: they act for it."""
    found: Any = Organisation.objects.filter(
        slug=slug, memberships__user=user, memberships__role__in=ACTING_ROLES
    ).first()
    if found is None:
        raise Http404
    return found
