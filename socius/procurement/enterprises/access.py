"""The one door to enterprises, companies and spin-offs.

The catalogue, the municipal companies and the spin-offs are public to read. Editing an
enterprise is for its own contacts and board members; its evidence documents are for them and
for buyers (they may name staff), and everyone else gets 404, as for a missing object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from socius.core.access import Viewer, user_acts_for_organisation, user_can
from socius.core.models import MunicipalSpace
from socius.core.roles import Capability
from socius.procurement.enterprises import selectors
from socius.procurement.enterprises.models import (
    CriterionAnswer,
    MunicipalCompany,
    PlanStep,
    SocialEnterprise,
    SpinOff,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


def space_for_view(*, slug: str) -> MunicipalSpace:
    """A participating municipality's space, else 404."""
    space = (
        MunicipalSpace.objects.select_related("municipality")
        .filter(slug=slug, participates=True)
        .first()
    )
    if space is None:
        raise Http404
    return space


def enterprise_for_view(*, slug: str) -> SocialEnterprise:
    enterprise = selectors.enterprise_detail(slug=slug)
    if enterprise is None:
        raise Http404
    return enterprise


def enterprise_for_edit(*, user: User, slug: str) -> SocialEnterprise:
    """The enterprise if ``user`` is one of its contacts or board members, else 404."""
    enterprise = selectors.enterprise_detail(slug=slug)
    if enterprise is None or not user_acts_for_organisation(user, enterprise.organisation_id):
        raise Http404
    return enterprise


def evidence_can_see(user: Viewer, enterprise: SocialEnterprise) -> bool:
    """Buyers and the enterprise's own contacts see the evidence; the public sees that it
    is there."""
    return user_can(user, Capability.PROCUREMENT_MANAGE) or user_acts_for_organisation(
        user, enterprise.organisation_id
    )


def evidence_for_download(
    *, user: Viewer, slug: str, criterion: str | None
) -> tuple[SocialEnterprise, object]:
    """The stored evidence file of a criterion (or of the staff share when ``criterion`` is
    None), for those who may see it; 404 for everyone else and for a missing file."""
    enterprise = selectors.enterprise_detail(slug=slug)
    if enterprise is None or not evidence_can_see(user, enterprise):
        raise Http404
    file: object = None
    if criterion is None:
        file = enterprise.share_evidence_file
    else:
        answer = CriterionAnswer.objects.filter(enterprise=enterprise, criterion=criterion).first()
        file = answer.evidence_file if answer is not None else None
    if not file:
        raise Http404
    return enterprise, file


def company_for_view(*, space: MunicipalSpace, slug: str) -> MunicipalCompany:
    company = selectors.company_detail(space=space, slug=slug)
    if company is None:
        raise Http404
    return company


def plan_step_for_edit(*, company: MunicipalCompany, step_id: int) -> PlanStep:
    step = PlanStep.objects.filter(company=company, pk=step_id).select_related("company").first()
    if step is None:
        raise Http404
    return step


def spinoff_for_view(*, space: MunicipalSpace, slug: str) -> SpinOff:
    spin_off = selectors.spinoff_detail(space=space, slug=slug)
    if spin_off is None:
        raise Http404
    return spin_off
