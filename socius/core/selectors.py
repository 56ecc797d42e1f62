"""Reads of core data that are more than a ``.get()``."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from socius.core.audit import audit_module_filter
from socius.core.models import (
    AuditEntry,
    Membership,
    Municipality,
    MunicipalSpace,
    Organisation,
    Theme,
)


def theme_list_active() -> QuerySet[Theme]:
    """Active themes in their editorial order."""
    return Theme.objects.filter(is_active=True)


def organisation_list_filtered(
    *, q: str = "", kind: str = "", municipality: Any = None, theme: Theme | None = None
) -> QuerySet[Organisation]:
    """Public organisation list with the filters people use; one query plus prefetches."""
    qs = Organisation.objects.select_related("municipality").prefetch_related("themes")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if theme is not None:
        qs = qs.filter(themes=theme)
    return qs.order_by("name")


def organisation_detail(*, slug: str) -> Organisation | None:
    """One organisation with its themes and members, or None."""
    members = Membership.objects.select_related("user").order_by("role", "created_at")
    return (
        Organisation.objects.select_related("municipality")
        .prefetch_related("themes", Prefetch("memberships", queryset=members))
        .filter(slug=slug)
        .first()
    )


def theme_list_with_counts() -> QuerySet[Theme]:
    return theme_list_active().annotate(organisation_count=Count("organisations"))


def audit_list_recent() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor").order_by("-id")


def audit_list_filtered(
    *,
    person: str = "",
    module: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, by who (name or e-mail contains ``person``), module, action
    and period (local days, both included)."""
    entries = audit_list_recent()
    if person:
        people = get_user_model().objects.filter(
            Q(name__icontains=person) | Q(email__icontains=person)
        )
        entries = entries.filter(actor_id__in=people.values("pk"))
    if module:
        entries = entries.filter(audit_module_filter(module))
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(created_at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return entries


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Municipal spaces -------------------------------------------------------------------------
def municipal_space_list_participating() -> QuerySet[MunicipalSpace]:
    """The municipalities that take part, by name; one query."""
    return MunicipalSpace.objects.participating().select_related("municipality")


def municipal_space_get(*, slug: str) -> MunicipalSpace | None:
    """A participating municipality's space by its address, or None (unknown or not taking
    part: both are a 404 to visitors)."""
    return municipal_space_list_participating().filter(slug=slug).first()


def municipal_space_for(municipality: Municipality | int | None) -> MunicipalSpace | None:
    """The space of ``municipality`` (a Municipality or its id) if it takes part. Module pages
    use it to name the authority responsible for one of its schemes."""
    if municipality is None:
        return None
    return municipal_space_list_participating().filter(municipality=municipality).first()


def municipal_space_for_advice() -> MunicipalSpace | None:
    """The participating municipality that runs the community advice service, if any."""
    return municipal_space_list_participating().filter(runs_community_advice=True).first()


def municipality_list_with_spaces() -> QuerySet[Municipality]:
    """All 98 municipalities with their space (if any), for the administrators' page."""
    return Municipality.objects.select_related("space", "region").order_by("name")
