"""Bank transfer: the payer transfers the amount with the payment's reference in the text.

There is no provider to call: the "checkout" is our own page with the account and the
reference (support_payments:bank-instructions); the money is booked when the treasurer's
bank statement (camt.053) shows it (``services.bank_transfer_book``). Unlike the other
adapters this one reads the database: the provider's state of a bank payment *is* our ledger.
There are no mandates and no webhooks; a post to the bank's webhook address is rejected.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.support.payments.providers.base import (
    Checkout,
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    WebhookRejected,
)


class BankTransferProvider:
    code = "bank"

    def payment_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        from socius.support.payments.models import Payment

        public_id = Payment.objects.values_list("public_id", flat=True).get(reference=reference)
        url = reverse("support_payments:bank-instructions", args=[public_id])
        return Checkout(provider_ref=reference, redirect_url=url)

    def mandate_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        interval: str,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        raise ProviderError(_("Recurring payments cannot be made by bank transfer."))

    def mandate_charge(
        self,
        *,
        mandate_ref: str,
        reference: str,
        amount_ore: int,
        due: datetime.date,
        idempotency_key: str,
    ) -> str:
        raise ProviderError(_("Recurring payments cannot be made by bank transfer."))

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        raise ProviderError(_("Recurring payments cannot be made by bank transfer."))

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Nothing to do: a transfer is money already sent."""

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        """Nothing to cancel at a bank: a transfer not yet made is simply never booked."""

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """The treasurer transfers the money back by hand; the service books the refund."""

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        from socius.support.payments.models import LedgerEntry, Payment

        payment = Payment.objects.get(provider="bank", provider_ref=provider_ref)
        sums = LedgerEntry.objects.filter(payment=payment).aggregate(
            captured=Sum("amount_ore", filter=Q(amount_ore__gt=0), default=0),
            refunded=Sum("amount_ore", filter=Q(amount_ore__lt=0), default=0),
        )
        return ProviderPayment(
            provider_ref=provider_ref,
            status=payment.status,
            captured_ore=int(sums["captured"]),
            refunded_ore=-int(sums["refunded"]),
        )

    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> list[ProviderEvent]:
        raise WebhookRejected("A bank transfer has no webhooks.")
