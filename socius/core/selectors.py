"""Reads of core data that are more than a ``.get()``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from socius.core.models import AuditEntry, Membership, Organisation, Theme


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
