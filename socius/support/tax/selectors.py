"""Reads of the tax deduction. Deductible money comes from the ledger (support_payments'
append-only ``LedgerEntry``), never from what gifts promised: captures add, refunds and
chargebacks subtract; membership fees never count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from socius.support.models import Supporter
from socius.support.payments.models import LedgerEntry, Payment, Provider, Purpose
from socius.support.tax.caps import cap_for
from socius.support.tax.models import (
    AnnualStatement,
    Commitment,
    DonorIdentity,
    TaxReport,
    TaxReportLine,
)

# § 8 A: gifts the donor asked the deduction for; § 12, stk. 3: commitment payments.
GIFT_DEDUCTIBLE = Q(purpose=Purpose.GIFT, payment__gift__deductible=True)
COMMITMENT = Q(purpose=Purpose.COMMITMENT)


@dataclass(frozen=True)
class DeductionSummary:
    """One donor's deductible money in one calendar year, with the § 8 A cap applied."""

    year: int
    gift_ore: int  # § 8 A, before the cap (net of refunds)
    commitment_ore: int  # § 12, stk. 3 (no cap here)
    cap_ore: int
    cap_verified: bool
    has_cpr: bool

    @property
    def total_ore(self) -> int:
        return self.gift_ore + self.commitment_ore

    @property
    def gift_capped_ore(self) -> int:
        return capped(self.gift_ore, self.cap_ore)

    @property
    def capped_ore(self) -> int:
        return self.gift_capped_ore + max(self.commitment_ore, 0)

    @property
    def over_cap(self) -> bool:
        return self.gift_ore > self.cap_ore


def capped(amount_ore: int, cap_ore: int) -> int:
    """What counts for the deduction: never below 0, never above the cap."""
    return max(0, min(amount_ore, cap_ore))


def deductible_entries(*, year: int) -> QuerySet[LedgerEntry]:
    """The ledger entries that count for a deduction in ``year`` (booked in that year)."""
    return LedgerEntry.objects.filter(
        GIFT_DEDUCTIBLE | COMMITMENT,
        booked_on__gte=datetime.date(year, 1, 1),
        booked_on__lte=datetime.date(year, 12, 31),
    )


def deductible_total(*, year: int) -> int:
    """The ledger's deductible sum for ``year``, all donors, in øre."""
    return int(deductible_entries(year=year).aggregate(s=Sum("amount_ore"))["s"] or 0)


def deduction_for(*, supporter: Supporter, year: int) -> DeductionSummary:
    """``supporter``'s deductible gifts and commitment payments in ``year`` (two queries)."""
    sums = {
        row["purpose"]: int(row["s"] or 0)
        for row in deductible_entries(year=year)
        .filter(supporter=supporter)
        .values("purpose")
        .annotate(s=Sum("amount_ore"))
        .order_by()
    }
    cap = cap_for(year)
    return DeductionSummary(
        year=year,
        gift_ore=sums.get(Purpose.GIFT, 0),
        commitment_ore=sums.get(Purpose.COMMITMENT, 0),
        cap_ore=cap.ore,
        cap_verified=cap.verified,
        has_cpr=DonorIdentity.objects.filter(supporter=supporter).exists(),
    )


def deductible_by_supporter(*, year: int) -> dict[int, dict[str, int]]:
    """{supporter id: {purpose: øre}} for ``year``: one GROUP BY over the ledger."""
    result: dict[int, dict[str, int]] = {}
    rows = (
        deductible_entries(year=year)
        .values_list("supporter_id", "purpose")
        .annotate(s=Sum("amount_ore"))
        .order_by()
    )
    for supporter_id, purpose, total in rows:
        result.setdefault(supporter_id, {})[purpose] = int(total or 0)
    return result


def identity_for(supporter: Supporter) -> DonorIdentity | None:
    return DonorIdentity.objects.filter(supporter=supporter).first()


def statements_for(supporter: Supporter) -> QuerySet[AnnualStatement]:
    return AnnualStatement.objects.filter(supporter=supporter).order_by("-year")


def commitments_for(supporter: Supporter) -> QuerySet[Commitment]:
    return Commitment.objects.filter(supporter=supporter).select_related("gift")


def commitment_bank_payment(commitment: Commitment) -> Payment | None:
    """The newest bank payment of ``commitment`` (None when paid otherwise or none yet)."""
    return (
        Payment.objects.filter(gift_id=commitment.gift_id, provider=Provider.BANK)
        .order_by("-created_at", "-pk")
        .first()
    )


def report_final_years() -> set[int]:
    """The years with a report marked as submitted."""
    return set(
        TaxReport.objects.filter(status=TaxReport.Status.FINAL).values_list("year", flat=True)
    )


def report_list() -> QuerySet[TaxReport]:
    """Every report, newest year first (treasurer only: the caller checks)."""
    return TaxReport.objects.select_related("built_by", "submitted_by").order_by(
        "-year", "-created_at"
    )


def report_lines(report: TaxReport) -> QuerySet[TaxReportLine]:
    return report.lines.select_related("supporter").order_by("supporter__name", "kind")


def report_needed_for(*, supporter: Supporter, today: datetime.date) -> bool:
    """Whether a report kept under bogføringsloven (5 years after the end of its income year)
    still names ``supporter``: their identity must then be kept until it is not."""
    oldest_kept = today.year - 6
    return TaxReportLine.objects.filter(
        supporter=supporter, report__year__gt=oldest_kept, report__status="final"
    ).exists()
