"""Personal data in the follow-up of clauses: who submitted, reviewed and resolved what.

Reports hold counts, never the trainees' or employees' names. The one personal link is the
person who acted (the supplier's contact who submitted a report; the buyer who reviewed it or
raised or resolved a non-conformity). Nothing is erased here: reports are the supplier's and
the municipality's records of a public contract, and ``accounts.services.account_delete``
anonymises the account, which leaves these references pointing at a nameless account.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from socius.core.personal_data import personal_data_register
from socius.procurement.clauses.models import NonConformity, SupplierReport


def _export(user: Any) -> dict[str, Any]:
    reports = SupplierReport.objects.filter(
        Q(submitted_by=user) | Q(reviewed_by=user)
    ).select_related("obligation__contract_clause__contract")
    findings = NonConformity.objects.filter(Q(raised_by=user) | Q(resolved_by=user))
    return {
        "reports": [
            {
                "contract": str(r.obligation.contract_clause.contract.public_id),
                "period": r.obligation.number,
                "submitted": r.submitted_by_id == user.pk,
                "reviewed": r.reviewed_by_id == user.pk,
                "submitted_at": r.submitted_at.isoformat(),
                "status": r.status,
            }
            for r in reports
        ],
        "non_conformities": [
            {
                "id": str(f.public_id),
                "raised": f.raised_by_id == user.pk,
                "resolved": f.resolved_by_id == user.pk,
                "raised_at": f.raised_at.isoformat(),
            }
            for f in findings
        ],
    }


personal_data_register("procurement_clauses", export=_export)
