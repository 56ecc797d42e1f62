"""Core's part of a person's data export and erasure (see personal_data.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.models import (
    AuditEntry,
    MailOptOut,
    Membership,
    Notification,
    PoliticianProfile,
    RoleAssignment,
)
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


def _notifications_export(user: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "time": n.created_at.isoformat(),
                "kind": n.kind,
                "title": n.title,
                "link": n.link,
                "read": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("id")
        ],
        "email_turned_off": sorted(
            MailOptOut.objects.filter(user=user).values_list("kind", flat=True)
        ),
    }


def _notifications_erase(user: Any) -> None:
    Notification.objects.filter(recipient=user).delete()
    MailOptOut.objects.filter(user=user).delete()


personal_data_register("notifications", export=_notifications_export, erase=_notifications_erase)
