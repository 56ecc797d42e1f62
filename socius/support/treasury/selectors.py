"""Reads of the treasury: statements, bank lines, the bookkeeping rows, income and spending."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.urls import NoReverseMatch, reverse

from socius.support.payments.models import LedgerEntry, Payment, Provider, Purpose
from socius.support.treasury.matching import reference_normalise
from socius.support.treasury.models import BankLine, BankStatement, Spending


def statement_list() -> QuerySet[BankStatement]:
    """Uploaded statements, newest first, with who uploaded them."""
    return BankStatement.objects.select_related("uploaded_by")


def statement_lines(statement: BankStatement) -> QuerySet[BankLine]:
    """A statement's lines in file order, with their ledger entry and who matched them."""
    return statement.lines.select_related("ledger_entry", "matched_by", "statement")


def bank_references() -> dict[str, int]:
    """Normalised reference → payment id, for every bank-transfer payment."""
    rows = Payment.objects.filter(provider=Provider.BANK).values_list("reference", "pk")
    return {reference_normalise(ref): pk for ref, pk in rows}


def payment_by_reference(reference: str) -> Payment | None:
    """The bank-transfer payment whose reference matches what the treasurer typed."""
    pk = bank_references().get(reference_normalise(reference))
    return Payment.objects.filter(pk=pk).first() if pk is not None else None


def ledger_entry_by_source(source_key: str) -> LedgerEntry | None:
    """The entry already booked for a bank line, if any."""
    return LedgerEntry.objects.filter(provider=Provider.BANK, source_key=source_key).first()


def bookkeeping_rows(*, date_from: datetime.date, date_to: datetime.date) -> QuerySet[LedgerEntry]:
    """Ledger entries booked in the period (both days included), oldest first."""
    from socius.support.payments.selectors import ledger_entries

    return ledger_entries(date_from=date_from, date_to=date_to)


@dataclass(frozen=True)
class YearIncome:
    year: int
    gifts_ore: int
    memberships_ore: int
    commitments_ore: int

    @property
    def total_ore(self) -> int:
        return self.gifts_ore + self.memberships_ore + self.commitments_ore


def income_for(year: int) -> YearIncome:
    """The year's income from the ledger per purpose, net of refunds."""
    from socius.support.payments.selectors import ledger_total

    def total(purpose: str) -> int:
        return ledger_total(year=year, purposes=[purpose])

    return YearIncome(
        year=year,
        gifts_ore=total(Purpose.GIFT),
        memberships_ore=total(Purpose.MEMBERSHIP),
        commitments_ore=total(Purpose.COMMITMENT),
    )


def money_years(*, today: datetime.date) -> list[int]:
    """Years with income or spending, newest first; always the current year."""
    years = {d.year for d in LedgerEntry.objects.dates("booked_on", "year")}
    years |= set(Spending.objects.values_list("year", flat=True).distinct())
    years.add(today.year)
    return sorted(years, reverse=True)


def spending_by_category(year: int) -> list[tuple[str, str, int]]:
    """(category, label, total øre) for every category, in the categories' order."""
    totals = dict(
        Spending.objects.filter(year=year)
        .values_list("category")
        .annotate(total=Sum("amount_ore"))
        .values_list("category", "total")
    )
    return [(c.value, str(c.label), int(totals.get(c.value) or 0)) for c in Spending.Category]


def spending_list(*, year: int | None = None) -> QuerySet[Spending]:
    """Spending lines, newest first, optionally of one year."""
    qs = Spending.objects.all()
    return qs.filter(year=year) if year is not None else qs


def spending_link(spending: Spending) -> str:
    """The public address of what a spending line paid for, or "" when it cannot be found
    (removed, unpublished): read through the owning modules' selectors."""
    kind, target = spending.link_kind, spending.link_target
    if not kind or not target:
        return ""
    try:
        if kind == Spending.LinkKind.KNOWLEDGE:
            from socius.knowledge.selectors import published_publications

            page = published_publications().filter(slug=target).first()
            return str(page.url) if page is not None and page.url else ""
        if kind == Spending.LinkKind.EVENT:
            from socius.events.selectors import event_public

            event = event_public(target)
            return event.get_absolute_url() if event is not None else ""
        if kind == Spending.LinkKind.ATLAS:
            from socius.atlas.selectors import indicator_list_active

            indicator = indicator_list_active().filter(code=target).first()
            return indicator.get_absolute_url() if indicator is not None else ""
    except (ImportError, NoReverseMatch):
        return ""
    # "other": a path on this site only, never another site (no open redirect to a lookalike).
    return target if target.startswith("/") and not target.startswith("//") else ""


def spending_with_links(qs: QuerySet[Spending]) -> list[tuple[Spending, str]]:
    """Spending lines with the address of what each paid for."""
    return [(s, spending_link(s)) for s in qs]


def url_or_empty(name: str, *args: Any) -> str:
    """A URL by name, or "" while the part that adds it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def counts_by(qs: QuerySet[Any], field: str) -> dict[str, int]:
    """{value: count} of a queryset grouped by one field (one query)."""
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("pk")).order_by()}


def _payments_selector(name: str) -> Any:
    """A selector of the payments module by name, or None before it exists."""
    try:
        from socius.support.payments import selectors as payment_selectors
    except ImportError:
        return None
    return getattr(payment_selectors, name, None)


def treasurer_overview(*, today: datetime.date) -> dict[str, Any]:
    """What the treasurer's start page shows: members by state, the year's gifts, failing
    mandates, campaigns, the latest reconciliation and statements (a fixed number of queries)."""
    from socius.support.models import Campaign, Membership
    from socius.support.payments.models import Mandate

    members = counts_by(Membership.objects.all(), "status")
    gifts = LedgerEntry.objects.filter(booked_on__year=today.year, purpose=Purpose.GIFT)
    failing_of = _payments_selector("mandates_failing")
    failing = failing_of() if failing_of else Mandate.objects.filter(status=Mandate.Status.FAILING)
    latest_of = _payments_selector("reconciliation_latest")
    return {
        "members": [(s.label, members.get(s.value, 0)) for s in Membership.Status],
        "gifts_ore": int(gifts.aggregate(t=Sum("amount_ore"))["t"] or 0),
        "gift_count": gifts.filter(kind=LedgerEntry.Kind.CAPTURE).count(),
        "failing": list(failing.select_related("supporter")[:20]),
        "campaigns": list(Campaign.objects.order_by("-starts_on", "pk")[:10]),
        "reconciliations": list(latest_of()) if latest_of else [],
        "statements": list(statement_list()[:5]),
        "unmatched_lines": BankLine.objects.filter(
            status=BankLine.Status.UNMATCHED, amount_ore__gt=0
        ).count(),
    }
