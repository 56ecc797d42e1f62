"""The § 12, stk. 3 agreement: its text in plain Danish, the data the platform signs, the PDF.

The text is always Danish: it is a legal document between the donor and a Danish association.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from socius.core.dates import datetime_text
from socius.core.money import format_danish_amount
from socius.support.models import Gift, Supporter
from socius.support.tax.pdf import paragraphs_pdf

AGREEMENT_VERSION = "2026-1"


def kr_text(ore: int) -> str:
    """øre as Danish kroner text: "1.500 kr.", "1.500,50 kr."."""
    return format_danish_amount(Decimal(ore) / 100)


def agreement_text(
    *, supporter: Supporter, yearly_amount_ore: int, first_year: int, years: int
) -> str:
    """The agreement as the donor reads and accepts it."""
    last_year = first_year + years - 1
    association = settings.WAGTAIL_SITE_NAME
    cvr = settings.SUPPORT_TAX_CVR or "-"
    return "\n\n".join(
        [
            f"Aftale om løbende ydelse efter ligningslovens § 12, stk. 3, mellem "
            f"{supporter.name} (giver) og {association}, CVR {cvr} (modtager).",
            f"Giveren forpligter sig til at betale {kr_text(yearly_amount_ore)} om året til "
            f"{association} i {years} år, fra {first_year} til og med {last_year}.",
            "Aftalen gælder i mindst 10 år. Den ophører dog, hvis giveren dør.",
            "Giveren får ikke noget igen for pengene. Der er ingen modydelse: ingen varer, "
            "ingen tjenester og ingen fordele, som andre ikke også får.",
            f"{association} indberetter hvert år beløbet til Skattestyrelsen med giverens "
            "CPR-nummer. Så får giveren fradraget automatisk på sin årsopgørelse.",
            "Giveren kan se aftalen og sine betalinger på sin side under Støt vores arbejde.",
        ]
    )


def agreement_payload(
    *,
    supporter: Supporter,
    gift: Gift,
    yearly_amount_ore: int,
    first_year: int,
    years: int,
    text: str,
    accepted_at: datetime.datetime,
) -> dict[str, Any]:
    """What the platform signs (no CPR number: the signed data is shown to the donor)."""
    return {
        "kind": "ligningsloven-12-3",
        "version": AGREEMENT_VERSION,
        "association_cvr": settings.SUPPORT_TAX_CVR,
        "supporter": str(supporter.public_id),
        "supporter_name": supporter.name,
        "gift": str(gift.public_id),
        "yearly_amount_ore": yearly_amount_ore,
        "first_year": first_year,
        "years": years,
        "text": text,
        "accepted_at": accepted_at.isoformat(),
    }


def agreement_pdf(commitment: Any) -> bytes:
    """The signed agreement as PDF: the text, when it was accepted, the signature."""
    return paragraphs_pdf(
        title="Aftale om løbende ydelse (ligningslovens § 12, stk. 3)",
        paragraphs=[
            *commitment.agreement_text.split("\n\n"),
            f"Accepteret af giveren: {datetime_text(commitment.accepted_at)}.",
            f"Platformens signatur (Ed25519, nøgle {commitment.signing_key_id}): "
            f"{commitment.signature}",
        ],
    )
