"""One interface for every payment provider (how to add one: docs/support.md).

An adapter turns the platform's requests into the provider's API calls and the provider's
webhooks into ``ProviderEvent``s; it never touches the database. The payments services
(socius/support/payments/services.py) store, de-duplicate and apply the events, and write the
ledger. Every call that changes money carries the caller's idempotency key, passed on to the
provider where it has such a header, so a retry after a time-out cannot charge twice.

Threat model of a webhook: anyone can post to its address. ``webhook_parse`` must verify the
provider's signature (or, where the provider signs nothing, fetch the state from the provider)
and raise ``WebhookRejected`` otherwise; nothing from an unverified body is stored as fact.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class ProviderError(Exception):
    """The provider refused or could not be reached; ``retryable`` when trying again may help."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class WebhookRejected(Exception):
    """A webhook that is not the provider's: bad or missing signature, malformed body."""


class EventKind(StrEnum):
    AUTHORISED = "authorised"
    CAPTURED = "captured"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"  # amount_ore: the amount of this refund
    CHARGEBACK = "chargeback"
    MANDATE_ACTIVE = "mandate_active"
    MANDATE_STOPPED = "mandate_stopped"
    IGNORED = "ignored"  # a kind of event the platform does not act on


@dataclass(frozen=True)
class ProviderEvent:
    """A webhook (or a polled state change) in the platform's words."""

    event_id: str  # the provider's id of this event: the key that de-duplicates deliveries
    kind: EventKind
    provider_ref: str = ""  # the payment's id at the provider
    mandate_ref: str = ""  # the mandate's id at the provider
    amount_ore: int = 0
    occurred_at: datetime.datetime | None = None
    raw_kind: str = ""  # the provider's own name of the event, kept for the log
    payload: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Checkout:
    """Where to send the payer, and the provider's id of what was created."""

    provider_ref: str
    redirect_url: str


@dataclass(frozen=True)
class ProviderPayment:
    """The provider's own view of a payment, for the daily reconciliation."""

    provider_ref: str
    status: str  # one of Payment.Status's values
    captured_ore: int
    refunded_ore: int


class PaymentProvider(Protocol):
    """What every adapter offers. ``code`` is a ``Provider`` value."""

    code: str

    def payment_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        """Start a one-off payment; the payer approves it at ``Checkout.redirect_url``."""
        ...

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
        """Ask the payer for a mandate for recurring charges (``interval``: month or year)."""
        ...

    def mandate_charge(
        self,
        *,
        mandate_ref: str,
        reference: str,
        amount_ore: int,
        due: datetime.date,
        idempotency_key: str,
    ) -> str:
        """Charge under an active mandate; returns the provider's id of the new payment."""
        ...

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        """Stop a mandate: no further charges."""
        ...

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Capture an authorised payment. Providers whose payments capture on their own (the
        development provider, Stripe Checkout, bank transfers) do nothing here; the platform
        calls it when a payment is reported authorised (Vipps MobilePay's ePayment reserves
        first and captures on request)."""
        ...

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        """Cancel a payment that is not yet captured."""
        ...

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Refund (part of) a captured payment."""
        ...

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        """The provider's view of one payment (reconciliation)."""
        ...

    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> list[ProviderEvent]:
        """Verify and translate one webhook delivery; ``WebhookRejected`` when not genuine."""
        ...
