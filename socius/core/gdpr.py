"""Core's part of a person's data export and erasure (see personal_data.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.models import AuditEntry, Membership, PoliticianProfile, RoleAssignment
from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    profile = PoliticianProfile.objects.filter(user=user).select_related("party").first()
    return {
        "roles": sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)),
        "politician": (
            {
                "party": str(profile.party),
                "office": profile.office,
                "verified": profile.is_verified,
            }
            if profile
            else None
        ),
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": m.created_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "actions": [
            {"time": e.created_at.isoformat(), "action": e.action, "object": e.target_type}
            for e in AuditEntry.objects.filter(actor_id=user.pk).order_by("id")
        ],
    }


def _erase(user: User) -> None:
    RoleAssignment.objects.filter(user=user).delete()
    PoliticianProfile.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()


personal_data_register("core", export=_export, erase=_erase)
