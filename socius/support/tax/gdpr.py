"""The tax deduction in a person's data export and account deletion (core.personal_data).

Export: whether a CPR number is stored ("CPR-nummer: gemt", never the number), commitments
and annual statements. Erasure: the CPR number is deleted, unless the association still has
to report that person's gifts for a year whose report is not yet final, or a final report
within the bookkeeping law's five years names them (then it is kept; deleting it once that
need ends is not automated yet, see docs/support.md). Commitments and
statements are bookkeeping records and stay with the anonymised supporter.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from socius.core.personal_data import personal_data_register


def _supporter(user: Any) -> Any:
    from socius.support.models import Supporter

    return Supporter.objects.filter(user=user).first()


def _export(user: Any) -> dict[str, Any]:
    from socius.support.tax.models import AnnualStatement, Commitment, DonorIdentity

    supporter = _supporter(user)
    if supporter is None:
        return {}
    identity = DonorIdentity.objects.filter(supporter=supporter).first()
    return {
        "CPR-nummer": "gemt" if identity is not None else "ikke gemt",
        "cpr_given_at": identity.given_at.isoformat() if identity else None,
        "cpr_source": identity.source if identity else None,
        "commitments": [
            {
                "yearly_amount_ore": c.yearly_amount_ore,
                "first_year": c.first_year,
                "years": c.years,
                "accepted_at": c.accepted_at.isoformat(),
                "agreement_text": c.agreement_text,
                "signature": c.signature,
            }
            for c in Commitment.objects.filter(supporter=supporter)
        ],
        "annual_statements": [
            {"year": s.year, "amount_ore": s.amount_ore, "sent_at": s.sent_at.isoformat()}
            for s in AnnualStatement.objects.filter(supporter=supporter)
        ],
    }


def identity_still_needed(supporter: Any, *, today: Any) -> bool:
    """Whether the CPR number must be kept (the report duty or a kept report needs it)."""
    from socius.support.tax.models import TaxReport
    from socius.support.tax.selectors import deduction_for, report_needed_for

    if report_needed_for(supporter=supporter, today=today):
        return True
    for year in (today.year - 1, today.year):
        final = TaxReport.objects.filter(year=year, status=TaxReport.Status.FINAL).exists()
        if not final and deduction_for(supporter=supporter, year=year).total_ore > 0:
            return True
    return False


def _erase(user: Any) -> None:
    from socius.support.tax.models import DonorIdentity

    supporter = _supporter(user)
    if supporter is None:
        return
    if not identity_still_needed(supporter, today=timezone.localdate()):
        DonorIdentity.objects.filter(supporter=supporter).delete()


personal_data_register("support_tax", export=_export, erase=_erase)
