"""Reads and writes of a person's notification list and e-mail preferences.

Only the person themself reads or changes them; every lookup is by the person, so another
person's notification id is simply not found (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from socius.core.access import user_can
from socius.core.audit import (
    AUDIT_MAIL_PREFERENCES_CHANGED,
    AUDIT_MAIL_UNSUBSCRIBED,
    audit_record,
)
from socius.core.mail import MailKind, mail_kinds
from socius.core.models import MailOptOut, Notification

if TYPE_CHECKING:
    from socius.accounts.models import User

# The unread count read with the person at the start of the request (accounts.backends); the
# person's own "mark read" below drops it, so the header after it counts again.
UNREAD_CACHE = "_socius_unread"


def notification_list_for(*, user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_unread_count(*, user: Any) -> int:
    """How many of the person's notifications are unread (0 for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    cached: int | None = getattr(user, UNREAD_CACHE, None)
    if cached is not None:
        return cached
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _forget_unread(user: Any) -> None:
    if hasattr(user, UNREAD_CACHE):
        delattr(user, UNREAD_CACHE)


def notification_mark_read(*, user: User, public_id: str) -> Notification:
    """Mark one of the person's own notifications read; another person's is not found."""
    notification = Notification.objects.filter(recipient=user, public_id=public_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread(user)
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the person read; returns how many."""
    _forget_unread(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@dataclass(frozen=True)
class KindPreference:
    kind: MailKind
    email: bool


def mail_preferences_for(*, user: User) -> list[KindPreference]:
    """The kinds of mail the person can receive (staff kinds only to holders of the role),
    each with whether e-mail is on. Always-sent kinds are included with ``email=True``."""
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [
        KindPreference(kind, not (kind.unsubscribable and kind.key in off))
        for kind in mail_kinds()
        if not kind.to_addresses and (kind.capability is None or user_can(user, kind.capability))
    ]


@transaction.atomic
def mail_preferences_set(*, user: User, email_on: dict[str, bool]) -> list[str]:
    """Turn e-mail on or off per kind for the person. Unknown and always-sent kinds are
    ignored. Audited (a record that the person withdrew or gave consent). Returns the keys
    that changed."""
    allowed = {p.kind.key for p in mail_preferences_for(user=user) if p.kind.unsubscribable}
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    turn_off = sorted(k for k, on in email_on.items() if k in allowed and not on and k not in off)
    turn_on = sorted(k for k, on in email_on.items() if k in allowed and on and k in off)
    MailOptOut.objects.bulk_create([MailOptOut(user=user, kind=k) for k in turn_off])
    MailOptOut.objects.filter(user=user, kind__in=turn_on).delete()
    if turn_off or turn_on:
        audit_record(
            actor=user,
            action=AUDIT_MAIL_PREFERENCES_CHANGED,
            target=user,
            data={"off": turn_off, "on": turn_on},
        )
    return turn_off + turn_on


@transaction.atomic
def mail_unsubscribe(*, user: User, kind: MailKind) -> bool:
    """Turn off one kind for the person (the unsubscribe link). Idempotent; returns whether
    anything changed. The actor is the person: the signed token stands for them."""
    if not kind.unsubscribable:
        return False
    _, created = MailOptOut.objects.get_or_create(user=user, kind=kind.key)
    if created:
        audit_record(
            actor=user, action=AUDIT_MAIL_UNSUBSCRIBED, target=user, data={"kind": kind.key}
        )
    return created
