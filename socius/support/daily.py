"""The daily round of ``manage.py support_memberships``: renewal reminders 30 and 7 days before
``paid_until`` (each once), lapsing after the grace period, resignations taking effect,
campaigns ending, and the treasurer's reminder of campaign accounts that are due (once)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socius.core.access import users_with_capability
from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.roles import Capability
from socius.support import audit
from socius.support.mail import MAIL_MEMBERSHIP, MAIL_TREASURER
from socius.support.models import Campaign, Membership
from socius.support.services import _mail_supporter

REMINDER_DAYS = (30, 7)
GRACE_DAYS = 30


def _remind(membership: Membership, today: datetime.date) -> bool:
    paid_until = membership.paid_until
    if paid_until is None or membership.auto_renew or membership.resigned_at:
        return False
    left = (paid_until - today).days
    due = [d for d in REMINDER_DAYS if 0 <= left <= d]
    if not due:
        return False
    stage = min(due)
    if membership.reminded_for == paid_until and (membership.reminded_days or 999) <= stage:
        return False
    membership.reminded_for = paid_until
    membership.reminded_days = stage
    membership.save(update_fields=["reminded_for", "reminded_days", "updated_at"])
    _mail_supporter(membership.supporter, MAIL_MEMBERSHIP, "support/mail/membership_reminder",
                    {"membership": membership, "days": left})  # fmt: skip
    return True


def _end(membership: Membership, today: datetime.date, now: datetime.datetime) -> str | None:
    paid_until = membership.paid_until
    if membership.resigned_at and (paid_until is None or paid_until < today):
        membership.status = Membership.Status.RESIGNED
        membership.save(update_fields=["status", "updated_at"])
        return "resigned"
    if paid_until is not None and paid_until + datetime.timedelta(days=GRACE_DAYS) < today:
        membership.status = Membership.Status.LAPSED
        membership.lapsed_at = now
        membership.save(update_fields=["status", "lapsed_at", "updated_at"])
        audit_record(actor=None, action=audit.AUDIT_MEMBERSHIP_LAPSED, target=membership)
        _mail_supporter(membership.supporter, MAIL_MEMBERSHIP, "support/mail/membership_lapsed",
                        {"membership": membership})  # fmt: skip
        return "lapsed"
    return None


def memberships_daily(
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] = lambda items, total: items,
) -> dict[str, int]:
    """Run the day's round; returns counts. Idempotent: a second run the same day does nothing.
    Each membership is handled in its own transaction, so one failure stops no other."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    counts = {"reminded": 0, "lapsed": 0, "resigned": 0, "ended": 0, "accounts": 0}
    active = Membership.objects.filter(status=Membership.Status.ACTIVE).select_related(
        "supporter", "tier"
    )
    for membership in progress(active.iterator(chunk_size=500), active.count()):
        with transaction.atomic():
            outcome = _end(membership, today, now)
            if outcome:
                counts[outcome] += 1
            elif _remind(membership, today):
                counts["reminded"] += 1
    counts["ended"] = _campaigns_end(today)
    counts["accounts"] = _accounts_remind(today, now)
    return counts


@transaction.atomic
def _campaigns_end(today: datetime.date) -> int:
    ended = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.PUBLISHED, ends_on__lt=today):
        campaign.status = Campaign.Status.ENDED
        campaign.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, action=audit.AUDIT_CAMPAIGN_ENDED, target=campaign)
        ended += 1
    return ended


@transaction.atomic
def _accounts_remind(today: datetime.date, now: datetime.datetime) -> int:
    due = list(
        Campaign.objects.select_for_update()
        .filter(
            accounts_due_on__lte=today,
            accounts_submitted_on__isnull=True,
            accounts_reminded_at__isnull=True,
        )
        .exclude(status=Campaign.Status.DRAFT)
    )
    if not due:
        return 0
    treasurers = list(users_with_capability(Capability.SUPPORT_TREASURER))
    for campaign in due:
        notify(recipients=treasurers, kind=MAIL_TREASURER,
               template="support/mail/accounts_due", context={"campaign": campaign},
               link=reverse("support:campaign-edit", args=[campaign.slug]))  # fmt: skip
        campaign.accounts_reminded_at = now
        campaign.save(update_fields=["accounts_reminded_at", "updated_at"])
        audit_record(actor=None, action=audit.AUDIT_ACCOUNTS_REMINDED, target=campaign)
    return len(due)
