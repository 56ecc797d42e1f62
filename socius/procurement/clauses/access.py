"""The one door to the follow-up of clauses.

Reports, their evidence and findings are between the supplier and the municipality: a person
who is neither a buyer (``procurement.manage``) nor a contact or board member of the
contract's supplier gets 404 for them, exactly as for a missing id, so an id reveals nothing.
Contracts and their clauses are public (as in OCDS); what they achieved is published as
totals from approved reports only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.core.access import user_acts_for_organisation, user_can
from socius.core.roles import Capability
from socius.procurement.clauses.models import (
    Clause,
    ContractClause,
    Evidence,
    NonConformity,
    Obligation,
    SupplierReport,
)

if TYPE_CHECKING:
    from socius.core.access import Viewer
    from socius.procurement.models import Contract


def _is_buyer(user: Viewer) -> bool:
    return user_can(user, Capability.PROCUREMENT_MANAGE)


def acts_for_supplier(user: Viewer, contract: Contract) -> bool:
    return contract.supplier_id is not None and user_acts_for_organisation(
        user, contract.supplier_id
    )


def clause_for_view(*, slug: str) -> Clause:
    """A clause of the public library."""
    clause = Clause.objects.filter(slug=slug).first()
    if clause is None:
        raise Http404
    return clause


def contract_for_clauses(*, public_id: Any) -> Contract:
    """A contract (public information) for a buyer adding a clause; the view's decorator has
    checked the capability before this lookup."""
    from socius.procurement.models import Contract

    contract = Contract.objects.filter(public_id=public_id).select_related("space").first()
    if contract is None:
        raise Http404
    return contract


def obligation_for_party(*, user: Viewer, public_id: Any) -> Obligation:
    """A reporting period, for a buyer or the contract's supplier; 404 for everyone else."""
    obligation = (
        Obligation.objects.filter(public_id=public_id)
        .select_related(
            "contract_clause__contract__supplier",
            "contract_clause__contract__space",
            "contract_clause__version__clause",
            "report__non_conformity",
        )
        .first()
    )
    if obligation is None:
        raise Http404
    contract = obligation.contract_clause.contract
    if not (_is_buyer(user) or acts_for_supplier(user, contract)):
        raise Http404
    return obligation


def obligation_for_supplier(*, user: Viewer, public_id: Any) -> Obligation:
    """A reporting period, for the contract's supplier only (who files the report)."""
    obligation = obligation_for_party(user=user, public_id=public_id)
    if not acts_for_supplier(user, obligation.contract_clause.contract):
        raise Http404
    return obligation


def report_for_review(*, user: Viewer, public_id: Any) -> SupplierReport:
    """A report, for a buyer; 404 for everyone else (the supplier sees it on its period)."""
    if not _is_buyer(user):
        raise Http404
    report = (
        SupplierReport.objects.filter(public_id=public_id)
        .select_related(
            "obligation__contract_clause__contract__supplier",
            "obligation__contract_clause__version__clause",
        )
        .first()
    )
    if report is None:
        raise Http404
    return report


def non_conformity_for_buyer(*, user: Viewer, public_id: Any) -> NonConformity:
    if not _is_buyer(user):
        raise Http404
    finding = (
        NonConformity.objects.filter(public_id=public_id)
        .select_related("report__obligation")
        .first()
    )
    if finding is None:
        raise Http404
    return finding


def evidence_for_download(*, user: Viewer, public_id: Any) -> Evidence:
    """A document behind a report: the buyer and the supplier only, 404 for everyone else."""
    evidence = (
        Evidence.objects.filter(public_id=public_id)
        .select_related("report__obligation__contract_clause__contract")
        .first()
    )
    if evidence is None:
        raise Http404
    contract = evidence.report.obligation.contract_clause.contract
    if not (_is_buyer(user) or acts_for_supplier(user, contract)):
        raise Http404
    return evidence


def contract_clause_for_outcome(*, public_id: Any) -> ContractClause:
    """A clause on a contract for its public outcome page (public, as the contract is)."""
    contract_clause = (
        ContractClause.objects.filter(public_id=public_id)
        .select_related("contract__space", "contract__supplier", "version__clause")
        .first()
    )
    if contract_clause is None:
        raise Http404
    return contract_clause
