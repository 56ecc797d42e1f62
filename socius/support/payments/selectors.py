"""Reads of payments and the ledger for the other support apps (gifts, tax, treasury)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet, Sum

from socius.support.payments.models import LedgerEntry, Mandate, Payment, Reconciliation

if TYPE_CHECKING:
    from socius.support.models import Supporter


def ledger_total(
    *,
    supporter: Supporter | None = None,
    year: int | None = None,
    purposes: Iterable[str] | None = None,
) -> int:
    """The ledger's net sum in øre (captures minus refunds and chargebacks), optionally for one
    supporter, one calendar year of ``booked_on`` and some purposes. One query."""
    entries = LedgerEntry.objects.all()
    if supporter is not None:
        entries = entries.filter(supporter=supporter)
    if year is not None:
        entries = entries.filter(
            booked_on__gte=datetime.date(year, 1, 1), booked_on__lt=datetime.date(year + 1, 1, 1)
        )
    if purposes is not None:
        entries = entries.filter(purpose__in=list(purposes))
    return int(entries.aggregate(total=Sum("amount_ore", default=0))["total"])


def ledger_entries(*, date_from: datetime.date, date_to: datetime.date) -> QuerySet[LedgerEntry]:
    """The entries booked from ``date_from`` to ``date_to`` (both included), oldest first, with
    their payment and supporter."""
    return (
        LedgerEntry.objects.filter(booked_on__gte=date_from, booked_on__lte=date_to)
        .select_related("payment", "supporter")
        .order_by("booked_on", "pk")
    )


def payments_for_supporter(supporter: Supporter) -> QuerySet[Payment]:
    """The supporter's payments, newest first."""
    return Payment.objects.filter(supporter=supporter).order_by("-created_at", "-pk")


def mandates_failing() -> QuerySet[Mandate]:
    """Mandates whose charges fail, with their supporter, the most failures first."""
    return (
        Mandate.objects.filter(status=Mandate.Status.FAILING)
        .select_related("supporter")
        .order_by("-failure_count", "-updated_at", "pk")
    )


def reconciliation_latest() -> list[Reconciliation]:
    """The newest reconciliation of each provider (one per provider, by provider code)."""
    latest: dict[str, Reconciliation] = {}
    # A run stores one row per provider, so the newest few rows hold each provider's latest.
    for row in Reconciliation.objects.order_by("-ran_at", "-pk")[:50]:
        latest.setdefault(row.provider, row)
    return list(latest.values())
