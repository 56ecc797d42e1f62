"""The annual statement as PDF (Danish): what was deductible, the cap, whether the CPR number
is given (never the number)."""

from __future__ import annotations

from django.conf import settings

from socius.support.models import Supporter
from socius.support.tax.agreement import kr_text
from socius.support.tax.pdf import paragraphs_pdf
from socius.support.tax.selectors import DeductionSummary


def statement_pdf(supporter: Supporter, summary: DeductionSummary) -> bytes:
    association = settings.WAGTAIL_SITE_NAME
    lines = [
        f"Til {supporter.name}.",
        f"I {summary.year} har du givet {kr_text(summary.gift_ore)} i gaver med fradrag "
        f"(ligningslovens § 8 A). Grænsen for fradrag var {kr_text(summary.cap_ore)}, så "
        f"{kr_text(summary.gift_capped_ore)} tæller med.",
    ]
    if summary.commitment_ore:
        lines.append(
            f"Du har betalt {kr_text(summary.commitment_ore)} efter din aftale om løbende ydelse "
            "(ligningslovens § 12, stk. 3)."
        )
    if summary.has_cpr:
        lines.append(
            f"{association} indberetter beløbet til Skattestyrelsen. Du skal ikke selv gøre "
            "noget. Fradraget kommer på din årsopgørelse."
        )
    else:
        lines.append(
            "Vi har ikke dit CPR-nummer. Derfor kan vi ikke indberette beløbet, og du får "
            "ikke fradrag for det."
        )
    return paragraphs_pdf(title=f"Dine gaver med fradrag i {summary.year}", paragraphs=lines)
