"""Receivers of the payments' signals: gifts and memberships follow what the ledger says.

Each signal is sent once per ledger entry or state change (socius.support.payments.signals),
inside the transaction that wrote the ledger, so a membership is never active without its
entry, and a webhook delivered five times moves nothing five times."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from socius.support import services
from socius.support.models import Gift, Membership
from socius.support.payments.signals import (
    mandate_changed,
    payment_captured,
    payment_failed,
    payment_refunded,
)


def _captured(sender: Any, payment: Any, entry: Any, **kwargs: Any) -> None:
    if payment.membership_id:
        membership = Membership.objects.select_related("supporter", "tier").get(
            pk=payment.membership_id
        )
        services.membership_paid(membership=membership, paid_on=entry.booked_on)
    if payment.gift_id:
        gift = Gift.objects.select_related("supporter").get(pk=payment.gift_id)
        if gift.status in (Gift.Status.PENDING, Gift.Status.FAILED, Gift.Status.ACTIVE):
            once = gift.frequency == Gift.Frequency.ONCE
            services.gift_status_set(
                gift=gift, status=Gift.Status.PAID if once else Gift.Status.ACTIVE
            )
        services.gift_receipt_send(
            gift=gift,
            amount_ore=entry.amount_ore,
            booked_on=entry.booked_on,
            reference=payment.reference,
        )


def _refunded(sender: Any, payment: Any, entry: Any, **kwargs: Any) -> None:
    if payment.gift_id and payment.status == "refunded":
        gift = Gift.objects.get(pk=payment.gift_id)
        if gift.frequency == Gift.Frequency.ONCE:
            services.gift_status_set(gift=gift, status=Gift.Status.REFUNDED)


def _failed(sender: Any, payment: Any, **kwargs: Any) -> None:
    if payment.gift_id:
        gift = Gift.objects.get(pk=payment.gift_id)
        if gift.status == Gift.Status.PENDING:
            services.gift_status_set(gift=gift, status=Gift.Status.FAILED)


def _mandate(sender: Any, mandate: Any, **kwargs: Any) -> None:
    if not mandate.gift_id:
        return
    gift = Gift.objects.get(pk=mandate.gift_id)
    if mandate.status == "active" and gift.status in (Gift.Status.PENDING, Gift.Status.FAILED):
        services.gift_status_set(gift=gift, status=Gift.Status.ACTIVE)
    elif mandate.status == "stopped" and gift.status in (Gift.Status.PENDING, Gift.Status.ACTIVE):
        gift.status = Gift.Status.CANCELLED
        gift.cancelled_at = gift.cancelled_at or timezone.now()
        gift.save(update_fields=["status", "cancelled_at", "updated_at"])


payment_captured.connect(_captured, dispatch_uid="support-payment-captured")
payment_refunded.connect(_refunded, dispatch_uid="support-payment-refunded")
payment_failed.connect(_failed, dispatch_uid="support-payment-failed")
mandate_changed.connect(_mandate, dispatch_uid="support-mandate-changed")
