"""The one door to the tax deduction's protected objects.

A donor reaches only their own supporter, identity and commitments (someone else's commitment
is a 404: its existence is not theirs to know); the report pages need the treasurer's
capability (403 for others: the pages are known)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import require
from socius.core.roles import Capability
from socius.support.models import Supporter
from socius.support.tax.models import Commitment, TaxReport


def supporter_own(user: Any) -> Supporter | None:
    """The signed-in person's own supporter row, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Supporter.objects.filter(user=user, anonymised_at__isnull=True).first()


def supporter_own_or_create(user: Any) -> Supporter:
    """The person's supporter row, made from their account if they have none yet."""
    supporter = supporter_own(user)
    if supporter is not None:
        return supporter
    supporter, _created = Supporter.objects.get_or_create(
        user=user,
        defaults={
            "name": getattr(user, "name", "") or user.email,
            "email": user.email,
            "language": getattr(user, "language", "") or "da",
        },
    )
    return supporter


def commitment_for_view(*, user: Any, public_id: Any) -> Commitment:
    """The person's own commitment; 404 for anyone else's or a made-up id."""
    supporter = supporter_own(user)
    commitment = (
        Commitment.objects.select_related("supporter", "gift")
        .filter(public_id=public_id, supporter=supporter)
        .first()
        if supporter is not None
        else None
    )
    if commitment is None:
        raise Http404
    return commitment


def report_for_treasurer(*, user: Any, public_id: Any) -> TaxReport:
    """A report, for the treasurer only (403 for others, then 404 for an unknown id)."""
    require(user, Capability.SUPPORT_TREASURER)
    report = TaxReport.objects.filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return report
