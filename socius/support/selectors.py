"""Reads for memberships, gifts, campaigns and the supporter's own page."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from socius.support.models import Campaign, Gift, Membership, MembershipTier, Supporter

if TYPE_CHECKING:
    from socius.core.access import Viewer
    from socius.support.payments.models import Mandate, Payment


def supporter_for_user(user: Viewer | None) -> Supporter | None:
    """The person's own supporter row (made when they first joined or gave), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Supporter.objects.filter(user=user, anonymised_at__isnull=True).first()


def tier_list_active(*, for_kind: str | None = None) -> QuerySet[MembershipTier]:
    """Tiers open for new members, cheapest first within their position."""
    tiers = MembershipTier.objects.filter(active=True)
    return tiers.filter(for_kind=for_kind) if for_kind else tiers


def tier_list_all() -> QuerySet[MembershipTier]:
    """Every tier with its count of current members (the treasurer's list)."""
    from django.db.models import Count, Q

    return MembershipTier.objects.annotate(
        current=Count(
            "memberships",
            filter=Q(memberships__status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]),
        )
    )


def tier_current_members(tier: MembershipTier) -> int:
    """How many pending or active memberships the tier has."""
    return tier.memberships.filter(
        status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
    ).count()


def campaign_list_public(*, today: datetime.date | None = None) -> QuerySet[Campaign]:
    """Published campaigns running today, newest first."""
    today = today or timezone.localdate()
    return Campaign.objects.filter(
        status=Campaign.Status.PUBLISHED, starts_on__lte=today, ends_on__gte=today
    ).annotate(raised_ore=_raised())


def campaign_list_all() -> QuerySet[Campaign]:
    """Every campaign (the treasurer's list), with what each has raised."""
    return Campaign.objects.annotate(raised_ore=_raised())


def _raised() -> Sum:
    # What arrived for the campaign's gifts: the ledger, captures minus refunds.
    return Sum("gifts__payments__entries__amount_ore")


def campaign_progress(campaign: Campaign) -> tuple[int, int]:
    """``(raised_ore, goal_ore)``: what the ledger holds for the campaign's gifts (captures
    minus refunds; never the promises), and the goal."""
    from socius.support.payments.models import LedgerEntry

    raised = LedgerEntry.objects.filter(payment__gift__campaign=campaign).aggregate(
        total=Sum("amount_ore")
    )["total"]
    return int(raised or 0), campaign.goal_ore


def membership_current(supporter: Supporter) -> Membership | None:
    """The supporter's pending or active membership, if any."""
    return (
        supporter.memberships.filter(
            status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE]
        )
        .select_related("tier")
        .first()
    )


def membership_list_for_board() -> QuerySet[Membership]:
    """Current members (active, or joined and awaiting payment) for the board's list."""
    return (
        Membership.objects.filter(status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING])
        .select_related("supporter", "tier")
        .order_by("supporter__name", "pk")
    )


def gift_list_for(supporter: Supporter) -> QuerySet[Gift]:
    """The supporter's gifts, newest first, with their campaign and mandates."""
    from socius.support.payments.models import Mandate

    return supporter.gifts.select_related("campaign").prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.order_by("-created_at"))
    )


def payment_list_for(supporter: Supporter) -> QuerySet[Payment]:
    """The supporter's payments, newest first."""
    from socius.support.payments.models import Payment

    return Payment.objects.filter(supporter=supporter).order_by("-created_at")[:50]


def mandate_for_gift(gift: Gift) -> Mandate | None:
    """The gift's running (or pending) mandate, if it has one."""
    from socius.support.payments.models import Mandate

    return gift.mandates.exclude(status=Mandate.Status.STOPPED).order_by("-created_at").first()
