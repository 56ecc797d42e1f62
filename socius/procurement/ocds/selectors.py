"""Reads for open contracting data: which contracts fall in a period, and their facts.

Everything here is public information (contracts are published as in OCDS): the contract,
its lots, its buying department, the supplier organisation, the clauses on it and the
follow-up of approved reports as counts. Never a person, a supplier's evidence file, a
report awaiting review or the buyer's notes.

A contract belongs to the month in which it was awarded; one not awarded yet (planning, in
tender, or cancelled before the award) to the month it was registered. Months and years are
Copenhagen time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse

from socius.core.models import MunicipalSpace
from socius.procurement.clauses.models import Category, ContractClause, Obligation
from socius.procurement.models import Contract
from socius.procurement.ocds.builder import (
    Buyer,
    ClauseFacts,
    ContractFacts,
    LotFacts,
    ObligationFacts,
    Supplier,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
FIRST_YEAR = 2000
LAST_YEAR = 2100
CHUNK = 500


@dataclass(frozen=True)
class MonthCount:
    month: int
    count: int


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    months: list[MonthCount]


def absolute(path: str) -> str:
    """A link as published in the data: on the platform's public address."""
    return settings.SITE_URL.rstrip("/") + path


def space_for_data(*, slug: str) -> MunicipalSpace | None:
    """A participating municipality's space, or None."""
    return (
        MunicipalSpace.objects.participating()
        .select_related("municipality")
        .filter(slug=slug)
        .first()
    )


def space_list_with_counts() -> QuerySet[MunicipalSpace]:
    """Participating municipalities with how many contracts each publishes (one query)."""
    return (
        MunicipalSpace.objects.participating()
        .select_related("municipality")
        .annotate(contract_count=Count("procurement_contracts"))
        .order_by("municipality__name")
    )


def buyer_for(space: MunicipalSpace) -> Buyer:
    return Buyer(
        name=space.authority or space.name,
        municipality_code=space.municipality.code,
        email=space.contact_email,
        telephone=space.contact_phone,
        url=absolute(reverse("procurement:space-home", args=[space.slug])),
    )


def _bounds(year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    end = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    return datetime.date(year, month, 1), end


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), COPENHAGEN)


def period_filter(year: int, month: int | None = None) -> Q:
    """Contracts awarded in the period, or registered in it when not awarded."""
    start, end = _bounds(year, month)
    return Q(awarded_on__gte=start, awarded_on__lt=end) | Q(
        awarded_on__isnull=True, created_at__gte=_midnight(start), created_at__lt=_midnight(end)
    )


def contracts_for_data(
    *, space: MunicipalSpace, year: int | None = None, month: int | None = None
) -> QuerySet[Contract]:
    """The space's contracts in the period (all when no year), oldest first, with what the
    releases need fetched in a fixed number of queries per chunk."""
    contracts = Contract.objects.filter(space=space)
    if year is not None:
        contracts = contracts.filter(period_filter(year, month))
    obligations = Obligation.objects.select_related("report").order_by("number")
    clauses = ContractClause.objects.order_by("category").prefetch_related(
        Prefetch("obligations", queryset=obligations)
    )
    return (
        contracts.select_related("department", "supplier")
        .prefetch_related("lots", Prefetch("clauses", queryset=clauses))
        .order_by("id")
    )


def _obligation_facts(obligation: Obligation) -> ObligationFacts:
    report = obligation.report if _has_report(obligation) else None
    if report is None or report.status not in ("approved", "non_conforming"):
        return ObligationFacts(number=obligation.number, due_on=obligation.due_on)
    if report.status == "non_conforming":
        return ObligationFacts(
            number=obligation.number,
            due_on=obligation.due_on,
            report_status=report.status,
            reviewed_at=report.reviewed_at,
        )
    return ObligationFacts(
        number=obligation.number,
        due_on=obligation.due_on,
        report_status=report.status,
        reviewed_at=report.reviewed_at,
        trainees=report.trainees,
        employed=report.employed,
        share_percent=report.share_percent,
        conditions_met=report.conditions_met,
    )


def _has_report(obligation: Obligation) -> bool:
    try:
        obligation.report  # noqa: B018 - fetched by select_related; missing raises
    except Obligation.report.RelatedObjectDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class Labels:
    """The choices' labels as text in the active language, looked up once per stream (a
    model's ``get_FOO_display`` hashes its lazy choices on every call)."""

    procedure: dict[str, str]
    status: dict[str, str]
    category: dict[str, str]


def labels() -> Labels:
    return Labels(
        procedure={value: str(label) for value, label in Contract.Procedure.choices},
        status={value: str(label) for value, label in Contract.Status.choices},
        category={value: str(label) for value, label in Category.choices},
    )


def _clause_facts(clause: ContractClause, names: Labels) -> ClauseFacts:
    return ClauseFacts(
        category=clause.category,
        label=names.category.get(clause.category, clause.category),
        outcome_url=absolute(reverse("procurement_clauses:outcome", args=[clause.public_id])),
        obligations=tuple(_obligation_facts(o) for o in clause.obligations.all()),
    )


def contract_facts(contract: Contract, names: Labels | None = None) -> ContractFacts:
    """What the release says about one contract (labels in the active language)."""
    names = names or labels()
    supplier = None
    if contract.supplier is not None:
        supplier = Supplier(
            name=contract.supplier.name,
            cvr=contract.supplier.cvr or "",
            public_id=str(contract.supplier.public_id),
        )
    return ContractFacts(
        public_id=str(contract.public_id),
        reference=contract.reference,
        title=contract.title,
        description=contract.description,
        cpv_code=contract.cpv_code,
        kind=contract.kind,
        estimated_value_ore=contract.estimated_value_ore,
        duration_months=contract.duration_months,
        procedure=contract.procedure,
        procedure_label=names.procedure.get(contract.procedure, contract.procedure),
        status=contract.status,
        status_label=names.status.get(contract.status, contract.status),
        department_name=contract.department.name,
        department_slug=contract.department.slug,
        created_at=contract.created_at,
        updated_at=contract.updated_at,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        awarded_on=contract.awarded_on,
        supplier=supplier,
        lots=tuple(
            LotFacts(
                number=lot.number,
                title=lot.title,
                estimated_value_ore=lot.estimated_value_ore,
                cpv_code=lot.cpv_code,
            )
            for lot in contract.lots.all()
        ),
        clauses=tuple(_clause_facts(c, names) for c in contract.clauses.all()),
    )


def contract_facts_iter(
    contracts: QuerySet[Contract] | Iterable[Contract],
) -> Iterator[ContractFacts]:
    """Facts for each contract, streamed: a queryset is read in chunks of ``CHUNK`` rows
    (``.iterator()`` keeps its prefetches per chunk), so memory stays bounded."""
    rows = contracts.iterator(chunk_size=CHUNK) if isinstance(contracts, QuerySet) else contracts
    names = labels()  # in the language active when the first contract is read
    for contract in rows:
        yield contract_facts(contract, names)


def periods_for(*, space: MunicipalSpace) -> list[YearCount]:
    """The years and months that have contracts, newest first, with counts (two queries)."""
    counts: dict[tuple[int, int], int] = {}
    awarded = (
        Contract.objects.filter(space=space, awarded_on__isnull=False)
        .annotate(y=ExtractYear("awarded_on"), m=ExtractMonth("awarded_on"))
        .values("y", "m")
        .annotate(n=Count("id"))
    )
    registered = (
        Contract.objects.filter(space=space, awarded_on__isnull=True)
        .annotate(
            y=ExtractYear("created_at", tzinfo=COPENHAGEN),
            m=ExtractMonth("created_at", tzinfo=COPENHAGEN),
        )
        .values("y", "m")
        .annotate(n=Count("id"))
    )
    for row in [*awarded, *registered]:
        key = (row["y"], row["m"])
        counts[key] = counts.get(key, 0) + row["n"]
    years: dict[int, list[MonthCount]] = {}
    for (year, month), count in sorted(counts.items(), reverse=True):
        years.setdefault(year, []).append(MonthCount(month=month, count=count))
    return [
        YearCount(year=year, count=sum(m.count for m in months), months=months)
        for year, months in years.items()
    ]
