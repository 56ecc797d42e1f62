"""Reads of social-economy enterprises, municipal companies and spin-offs, with their related
rows fetched up front so list pages keep a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, QuerySet, Value, When

from socius.core.access import ACTING_ROLES
from socius.core.models import Municipality, MunicipalSpace, Organisation
from socius.procurement.enterprises.models import (
    SPINOFF_CHECKLIST,
    ChecklistStep,
    CompanyAssessment,
    MunicipalCompany,
    Offer,
    PlanStep,
    SocialEnterprise,
    SpinOff,
    SpinOffStep,
    cpv_root,
)

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.procurement.models import Contract

# Bounds on the short lists other pages show (a contract's page, a municipality's page), so
# no caller can make them long.
MATCH_LIMIT_MAX = 20


def cpv_ancestor_roots(code: str) -> list[str]:
    """The roots of ``code`` and of every code above it in the CPV tree: "45211340-1" gives
    "45", "452", "4521", "45211", "452113", "4521134". An offer whose root is one of them
    covers the code (``cpv.cpv_covers``)."""
    root = cpv_root(code)
    return [root[:n] for n in range(2, len(root) + 1)]


def enterprise_catalogue(
    *,
    cpv_code: str | None = None,
    area: Municipality | None = None,
    reserved_only: bool = False,
) -> QuerySet[SocialEnterprise]:
    """The public catalogue: enterprises offering ``cpv_code`` or a code above it, serving
    ``area``, and (when asked) only those that can bid for reserved contracts."""
    rows = SocialEnterprise.objects.select_related("organisation").prefetch_related(
        Prefetch("offers", queryset=Offer.objects.order_by("cpv_code")),
        Prefetch("areas", queryset=Municipality.objects.order_by("name")),
    )
    if cpv_code:
        rows = rows.filter(offers__cpv_root__in=cpv_ancestor_roots(cpv_code))
    if area is not None:
        rows = rows.filter(areas=area)
    if reserved_only:
        rows = rows.can_bid_reserved()
    return rows.distinct().order_by("organisation__name", "id")


def _offering(code: str) -> Exists:
    """Whether the enterprise offers ``code`` or a code above it (``cpv.cpv_covers``)."""
    return Exists(
        Offer.objects.filter(enterprise=OuterRef("pk"), cpv_root__in=cpv_ancestor_roots(code))
    )


def enterprises_for_contract(*, contract: Contract, limit: int = 5) -> list[SocialEnterprise]:
    """Enterprises that can deliver what ``contract`` buys: they offer its CPV code or a code
    above it and serve its municipality. Those that can bid for a reserved contract come first,
    then by name. At most ``limit`` (1 to ``MATCH_LIMIT_MAX``); two queries whatever the data
    (the enterprises with their organisations, then their offers)."""
    if not contract.cpv_code:
        return []
    limit = max(1, min(int(limit), MATCH_LIMIT_MAX))
    rows = (
        SocialEnterprise.objects.filter(
            _offering(contract.cpv_code), areas=contract.space.municipality_id
        )
        .annotate(
            reserved=Case(
                When(SocialEnterprise.RESERVED_Q, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("organisation")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("cpv_code")))
        .order_by("-reserved", "organisation__name", "id")
    )
    return list(rows[:limit])


def enterprises_serving(*, municipality: Municipality, limit: int) -> list[SocialEnterprise]:
    """Enterprises that serve ``municipality``, by name, at most ``limit``; one query."""
    limit = max(1, min(int(limit), MATCH_LIMIT_MAX))
    rows = (
        SocialEnterprise.objects.filter(areas=municipality)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
    return list(rows[:limit])


def companies_of_municipality(*, municipality: Municipality, limit: int) -> list[MunicipalCompany]:
    """The companies of ``municipality`` when it takes part, by name, at most ``limit``; one
    query."""
    limit = max(1, min(int(limit), MATCH_LIMIT_MAX))
    rows = (
        MunicipalCompany.objects.filter(space__municipality=municipality, space__participates=True)
        .select_related("space")
        .order_by("name", "id")
    )
    return list(rows[:limit])


def enterprise_detail(*, slug: str) -> SocialEnterprise | None:
    """One enterprise by its organisation's address, with answers, offers and areas."""
    return (
        SocialEnterprise.objects.select_related("organisation")
        .prefetch_related("answers", "offers", "areas")
        .filter(organisation__slug=slug)
        .first()
    )


def organisations_to_register(*, user: User) -> QuerySet[Organisation]:
    """Organisations ``user`` acts for that are not yet in the catalogue."""
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=ACTING_ROLES,
        social_enterprise__isnull=True,
    ).order_by("name")


def enterprise_list_for(*, user: User) -> QuerySet[SocialEnterprise]:
    """The enterprises ``user`` acts for."""
    return SocialEnterprise.objects.select_related("organisation").filter(
        organisation__memberships__user=user, organisation__memberships__role__in=ACTING_ROLES
    )


def company_list(*, space: MunicipalSpace) -> QuerySet[MunicipalCompany]:
    """The municipality's own companies with their assessments (newest first)."""
    return (
        MunicipalCompany.objects.filter(space=space)
        .select_related("space")
        .prefetch_related(
            Prefetch("assessments", queryset=CompanyAssessment.objects.order_by("-year"))
        )
    )


def company_detail(*, space: MunicipalSpace, slug: str) -> MunicipalCompany | None:
    return (
        MunicipalCompany.objects.select_related("space")
        .prefetch_related(
            Prefetch("assessments", queryset=CompanyAssessment.objects.order_by("-year")),
            Prefetch("plan", queryset=PlanStep.objects.order_by("done_on", "due_on", "id")),
        )
        .filter(space=space, slug=slug)
        .first()
    )


def company_review_is_due(company: MunicipalCompany, *, today: datetime.date) -> bool:
    return company.next_review_on is None or company.next_review_on <= today


def spinoff_list(*, space: MunicipalSpace) -> QuerySet[SpinOff]:
    return SpinOff.objects.filter(space=space).select_related("space").prefetch_related("steps")


def spinoff_detail(*, space: MunicipalSpace, slug: str) -> SpinOff | None:
    return (
        SpinOff.objects.select_related("space")
        .prefetch_related("steps", "events")
        .filter(space=space, slug=slug)
        .first()
    )


@dataclass(frozen=True)
class ChecklistRow:
    step: ChecklistStep
    signed: SpinOffStep | None


def spinoff_checklist(spin_off: SpinOff) -> list[ChecklistRow]:
    """The checklist in its order, each step with its sign-off or None."""
    signed = {row.step: row for row in spin_off.steps.all()}
    return [ChecklistRow(step, signed.get(step.key)) for step in SPINOFF_CHECKLIST]
