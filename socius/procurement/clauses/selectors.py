"""Reads of the clause library, clauses on contracts and their follow-up."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.procurement.clauses.models import (
    Category,
    Clause,
    ClauseVersion,
    ContractClause,
    Evidence,
    NonConformity,
    Obligation,
    ReportStatus,
    SupplierReport,
)

if TYPE_CHECKING:
    from socius.core.access import Viewer
    from socius.core.models import MunicipalSpace
    from socius.procurement.models import Contract


def contract_clause_categories(*, contract: Contract) -> set[str]:
    """The clause categories on ``contract`` ("training", "labour", ...): one query."""
    return set(ContractClause.objects.filter(contract=contract).values_list("category", flat=True))


def contract_clause_categories_bulk(*, contract_ids: list[int]) -> dict[int, set[str]]:
    """The same for many contracts at once (the rule engine's bulk path): one query."""
    result: dict[int, set[str]] = defaultdict(set)
    rows = ContractClause.objects.filter(contract_id__in=contract_ids).values_list(
        "contract_id", "category"
    )
    for contract_id, category in rows:
        result[contract_id].add(category)
    return dict(result)


def clause_list() -> QuerySet[Clause]:
    """The library with each clause's versions, newest first."""
    return Clause.objects.prefetch_related(
        Prefetch("versions", queryset=ClauseVersion.objects.order_by("-number"))
    )


def clause_current_version(
    *, clause: Clause, today: datetime.date | None = None
) -> ClauseVersion | None:
    """The newest version valid on ``today`` (else the oldest, for clauses not yet in force)."""
    today = today or timezone.localdate()
    versions = clause.versions.order_by("-number")
    return versions.filter(valid_from__lte=today).first() or versions.last()


def clause_version_for_category(
    *, category: str, today: datetime.date | None = None
) -> ClauseVersion | None:
    clause = Clause.objects.filter(category=category).order_by("id").first()
    return clause_current_version(clause=clause, today=today) if clause else None


def clauses_for_contract(*, contract: Contract) -> QuerySet[ContractClause]:
    """The clauses on a contract with their version, periods, reports and findings."""
    return (
        ContractClause.objects.filter(contract=contract)
        .select_related("version__clause")
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("report__non_conformity").order_by(
                    "number"
                ),
            )
        )
    )


@dataclass(frozen=True)
class Outcome:
    """What a clause achieved: totals from approved reports only."""

    trainees: int
    employed: int
    periods: int
    periods_approved: int
    periods_overdue: int


def outcomes_for(*, contract_clause: ContractClause, today: datetime.date | None = None) -> Outcome:
    """Trainees trained and people employed, summed over approved reports (one query)."""
    today = today or timezone.localdate()
    approved = Q(report__status=ReportStatus.APPROVED)
    row = Obligation.objects.filter(contract_clause=contract_clause).aggregate(
        trainees=Sum("report__trainees", filter=approved),
        employed=Sum("report__employed", filter=approved),
        periods=Count("id"),
        approved=Count("id", filter=approved),
        overdue=Count("id", filter=Q(report__isnull=True, due_on__lt=today)),
    )
    return Outcome(
        trainees=row["trainees"] or 0,
        employed=row["employed"] or 0,
        periods=row["periods"],
        periods_approved=row["approved"],
        periods_overdue=row["overdue"],
    )


def obligations_for_supplier(*, user: Viewer) -> QuerySet[Obligation]:
    """Periods of the contracts whose supplier ``user`` acts for (contact or board member)."""
    from socius.core.access import ACTING_ROLES

    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Obligation.objects.none()
    user_id: int = user.pk
    return (
        Obligation.objects.filter(
            contract_clause__contract__supplier__memberships__user_id=user_id,
            contract_clause__contract__supplier__memberships__role__in=ACTING_ROLES,
        )
        .select_related(
            "contract_clause__contract__supplier",
            "contract_clause__contract__space__municipality",
            "contract_clause__version__clause",
            "report__non_conformity",
        )
        .distinct()
        .order_by("due_on", "id")
    )


def obligations_overdue(*, today: datetime.date) -> QuerySet[Obligation]:
    """Periods whose report is missing after the due date, on contracts still running."""
    return (
        Obligation.objects.filter(report__isnull=True, due_on__lt=today)
        .exclude(contract_clause__contract__status__in=["cancelled", "planning", "tender"])
        .select_related(
            "contract_clause__contract__supplier", "contract_clause__contract__created_by"
        )
        .order_by("due_on", "id")
    )


def evidence_for_report(*, report: SupplierReport) -> QuerySet[Evidence]:
    return Evidence.objects.filter(report=report).order_by("created_at", "id")


def contract_clauses_for_space(*, space: MunicipalSpace) -> QuerySet[ContractClause]:
    """Every clause on the municipality's contracts, newest contract first (one query): the
    dashboard links each one's public outcome page."""
    return (
        ContractClause.objects.filter(contract__space=space)
        .select_related("contract", "version__clause")
        .order_by("-contract__created_at", "contract_id", "category")
    )


def reports_awaiting_review(*, space: MunicipalSpace) -> QuerySet[SupplierReport]:
    """Submitted reports the buyers of ``space`` have not reviewed yet, oldest first."""
    return SupplierReport.objects.filter(
        status=ReportStatus.SUBMITTED, obligation__contract_clause__contract__space=space
    ).select_related("obligation__contract_clause__contract")


def non_conformities_open(*, space: MunicipalSpace) -> QuerySet[NonConformity]:
    """Non-conformities of ``space`` that are not resolved yet."""
    return NonConformity.objects.filter(
        resolved_at__isnull=True, report__obligation__contract_clause__contract__space=space
    ).select_related("report__obligation__contract_clause__contract")


@dataclass
class DashboardRow:
    """One clause category in one department: contracts carrying it, complying, outcomes."""

    category: str
    category_label: str
    department: str
    contracts: int = 0
    complying: int = 0
    trainees: int = 0
    employed: int = 0


@dataclass
class Dashboard:
    rows: list[DashboardRow] = field(default_factory=list)
    by_category: dict[str, DashboardRow] = field(default_factory=dict)


def dashboard_for(*, space: MunicipalSpace, today: datetime.date | None = None) -> Dashboard:
    """Per clause category and department: how many contracts carry the clause, how many
    comply (no overdue report and no open non-conformity) and the approved outcomes.
    Public aggregates only; a fixed number of queries (three) whatever the data."""
    today = today or timezone.localdate()
    approved = Q(obligations__report__status=ReportStatus.APPROVED)
    base = ContractClause.objects.filter(contract__space=space)
    per_clause = base.values("id", "category", "contract__department__name").annotate(
        trainees=Sum("obligations__report__trainees", filter=approved),
        employed=Sum("obligations__report__employed", filter=approved),
    )
    overdue = set(
        base.filter(obligations__report__isnull=True, obligations__due_on__lt=today).values_list(
            "id", flat=True
        )
    )
    open_findings = set(
        base.filter(
            obligations__report__non_conformity__isnull=False,
            obligations__report__non_conformity__resolved_at__isnull=True,
        ).values_list("id", flat=True)
    )
    labels = dict(Category.choices)
    dashboard = Dashboard()
    cells: dict[tuple[str, str], DashboardRow] = {}
    for row in per_clause:
        key = (row["category"], row["contract__department__name"])
        cell = cells.get(key)
        if cell is None:
            cell = DashboardRow(row["category"], str(labels[row["category"]]), key[1])
            cells[key] = cell
        total = dashboard.by_category.setdefault(
            row["category"], DashboardRow(row["category"], str(labels[row["category"]]), "")
        )
        complying = row["id"] not in overdue and row["id"] not in open_findings
        for target in (cell, total):
            target.contracts += 1
            target.complying += int(complying)
            target.trainees += row["trainees"] or 0
            target.employed += row["employed"] or 0
    dashboard.rows = sorted(cells.values(), key=lambda r: (r.category_label, r.department))
    return dashboard


def user_is_buyer(user: Viewer) -> bool:
    return user_can(user, Capability.PROCUREMENT_MANAGE)


def contracts_with_clauses(
    *,
    space: MunicipalSpace,
    categories: Iterable[str] | None = None,
    public_ids: Iterable[Any] | None = None,
    text: str = "",
) -> QuerySet[Contract]:
    """The contracts of ``space`` that carry a social clause, each once, newest first (one
    query): only clauses of ``categories`` and only contracts among ``public_ids`` when given,
    and titles containing ``text``. Public information (the programme's activity lists)."""
    from socius.procurement.models import Contract

    clauses = ContractClause.objects.all()
    if categories is not None:
        clauses = clauses.filter(category__in=list(categories))
    qs = Contract.objects.filter(space=space, pk__in=clauses.values("contract_id"))
    if public_ids is not None:
        qs = qs.filter(public_id__in=list(public_ids))
    if text:
        qs = qs.filter(title__icontains=text[:100])
    return qs.order_by("-created_at", "id")
