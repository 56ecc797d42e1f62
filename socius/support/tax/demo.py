"""Danish demo content for the tax deduction (idempotent; runs after support's demo, which
makes the supporters): the demo citizen Mette Borger ("borger@socius.example") gets a made-up
CPR number (01-01-1970, sealed as any other), a ten-year commitment (§ 12, stk. 3) paid by bank
transfer since last year, and last year's report is built, so the treasurer's report page
shows one. The CPR number is not a real person's: it is only for the demo."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.access import users_with_capability
from socius.core.roles import Capability
from socius.support.models import Supporter
from socius.support.payments import services as payments
from socius.support.payments.providers import providers_enabled
from socius.support.tax import services
from socius.support.tax.caps import cap_for
from socius.support.tax.models import DonorIdentity, TaxReport
from socius.support.tax.report import report_build

DEMO_EMAIL = "borger@socius.example"
DEMO_CPR = "0101701234"  # made up for the demo
YEARLY_ORE = 1_200_00


def demo_seed() -> list[str]:
    today = timezone.localdate()
    last_year = today.year - 1
    supporter = Supporter.objects.filter(email=DEMO_EMAIL, anonymised_at__isnull=True).first()
    if supporter is None or TaxReport.objects.filter(year=last_year).exists():
        return []
    if supporter.user_id is None:
        # The demo citizen's own account, so "Mine" and "Fradrag" show the demo data.
        user = get_user_model().objects.filter(email=DEMO_EMAIL).first()
        if user is not None and not Supporter.objects.filter(user=user).exists():
            supporter.user = user
            supporter.save(update_fields=["user", "updated_at"])
    if not DonorIdentity.objects.filter(supporter=supporter).exists():
        services.cpr_give(actor=None, supporter=supporter, cpr=DEMO_CPR)
    bank = "bank" if "bank" in providers_enabled() else ""
    commitment = supporter.commitments.first() or services.commitment_create(
        actor=None,
        supporter=supporter,
        yearly_amount_ore=YEARLY_ORE,
        accepted=True,
        provider=bank,
        now=datetime.datetime(last_year, 2, 1, 12, tzinfo=datetime.UTC),
    )
    if bank:
        paid = services.commitment_payment_start(
            commitment=commitment, return_url="", year=last_year
        )
        payments.bank_transfer_book(
            reference=paid.reference,
            amount_ore=paid.amount_ore,
            booked_on=datetime.date(last_year, 2, 15),
            source_key=f"demo:{paid.reference}",
            actor=None,
        )
        services.commitment_payment_start(commitment=commitment, return_url="", year=today.year)
    treasurer = users_with_capability(Capability.SUPPORT_TREASURER).first()
    report = TaxReport.objects.create(
        year=last_year, built_by=treasurer, cvr=settings.SUPPORT_TAX_CVR,
        cap_ore=cap_for(last_year).ore,
    )  # fmt: skip
    report_build(report=report)
    return [
        f"Support, tax: {supporter.name} ({DEMO_EMAIL}) has a made-up CPR number and a "
        f"ten-year commitment paid by bank transfer; the report for {last_year} is built "
        "(kasserer@socius.example: /stoet/fradrag/indberetning/)."
    ]
