"""Cards through Stripe, with its official SDK (docs/support.md, "Stripe").

One-off payments are Checkout Sessions in ``payment`` mode (the payer pays on Stripe's page and
returns to ``return_url``). A mandate is a Stripe Customer with a card saved through a Checkout
Session in ``setup`` mode; the platform charges it itself, off-session PaymentIntents on the
dates it chooses, as with the other providers, so there is one schedule of charges (the
platform's), not one per provider. ``provider_ref`` is the Checkout Session id (``cs_...``) of
a one-off payment and the PaymentIntent id (``pi_...``) of a charge under a mandate; a
mandate's ``provider_ref`` is the Customer id (``cus_...``). Amounts are in øre (DKK's minor
unit at Stripe). Every request that creates or changes something carries the idempotency key.

Threat model of the webhook: anyone can post to its address. Only a body whose
``Stripe-Signature`` the SDK verifies with SUPPORT_STRIPE_WEBHOOK_SECRET (HMAC-SHA256 over
"<t>.<body>", at most five minutes old) is translated; anything else is ``WebhookRejected``.
The secret key is read from settings and never logged.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings

from socius.support.payments.providers.base import (
    Checkout,
    EventKind,
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    WebhookRejected,
)
from socius.support.payments.providers.dev import header_value

TIMEOUT = (3.05, 20)  # connect, read
CURRENCY = "dkk"


class StripeProvider:
    code = "stripe"

    def __init__(self, api_base: str | None = None) -> None:
        # SUPPORT_STRIPE_API_BASE is only for tests (a loopback server replaying recordings).
        base = api_base or getattr(settings, "SUPPORT_STRIPE_API_BASE", "") or stripe.api_base
        self.client = stripe.StripeClient(
            settings.SUPPORT_STRIPE_SECRET_KEY or "sk_unset",
            base_addresses={"api": base},
            http_client=stripe.RequestsClient(timeout=TIMEOUT),
            # The platform retries with the same idempotency key; the SDK does not on its own.
            max_network_retries=0,
        )

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise ProviderError(
                f"Stripe: {error.user_message or type(error).__name__}", retryable=True
            ) from error
        except stripe.StripeError as error:
            retryable = error.http_status is not None and error.http_status >= 500
            code = getattr(error, "code", None) or type(error).__name__
            raise ProviderError(f"Stripe: {code}", retryable=retryable) from error

    def payment_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        metadata = {"socius_reference": reference}
        session = self._call(
            self.client.v1.checkout.sessions.create,
            {
                "mode": "payment",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": CURRENCY,
                            "unit_amount": amount_ore,
                            "product_data": {"name": description},
                        },
                    }
                ],
                "client_reference_id": reference,
                "metadata": metadata,
                "payment_intent_data": {"description": description, "metadata": metadata},
                "locale": "da",
                "success_url": return_url,
                "cancel_url": return_url,
            },
            {"idempotency_key": idempotency_key},
        )
        return Checkout(provider_ref=session.id, redirect_url=session.url or "")

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
        metadata = {"socius_reference": reference, "socius_interval": interval}
        customer = self._call(
            self.client.v1.customers.create,
            {"description": description, "metadata": metadata},
            {"idempotency_key": f"{idempotency_key}:customer"},
        )
        session = self._call(
            self.client.v1.checkout.sessions.create,
            {
                "mode": "setup",
                "currency": CURRENCY,
                "customer": customer.id,
                "payment_method_types": ["card"],
                "client_reference_id": reference,
                "metadata": metadata,
                "setup_intent_data": {"description": description, "metadata": metadata},
                "locale": "da",
                "success_url": return_url,
                "cancel_url": return_url,
            },
            {"idempotency_key": idempotency_key},
        )
        return Checkout(provider_ref=customer.id, redirect_url=session.url or "")

    def _cards(self, customer: str) -> list[Any]:
        found = self._call(
            self.client.v1.payment_methods.list, {"customer": customer, "type": "card"}
        )
        return list(found.data)

    def mandate_charge(
        self,
        *,
        mandate_ref: str,
        reference: str,
        amount_ore: int,
        due: datetime.date,
        idempotency_key: str,
    ) -> str:
        cards = self._cards(mandate_ref)
        if not cards:
            raise ProviderError("Stripe: the customer has no saved card")
        intent = self._call(
            self.client.v1.payment_intents.create,
            {
                "amount": amount_ore,
                "currency": CURRENCY,
                "customer": mandate_ref,
                "payment_method": cards[0].id,
                "off_session": True,
                "confirm": True,
                "metadata": {
                    "socius_reference": reference,
                    "socius_mandate": mandate_ref,
                    "socius_due": due.isoformat(),
                },
            },
            {"idempotency_key": idempotency_key},
        )
        return str(intent.id)

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        """Detach the saved cards: nothing can be charged afterwards."""
        for card in self._cards(mandate_ref):
            self._call(
                self.client.v1.payment_methods.detach,
                card.id,
                None,
                {"idempotency_key": f"{idempotency_key}:{card.id}"},
            )

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Nothing to do: Checkout's payments capture automatically."""

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        options = {"idempotency_key": idempotency_key}
        if provider_ref.startswith("cs_"):
            self._call(self.client.v1.checkout.sessions.expire, provider_ref, None, options)
        else:
            self._call(self.client.v1.payment_intents.cancel, provider_ref, None, options)

    def _intent_of(self, provider_ref: str) -> str:
        if not provider_ref.startswith("cs_"):
            return provider_ref
        session = self._call(self.client.v1.checkout.sessions.retrieve, provider_ref)
        if not session.payment_intent:
            raise ProviderError("Stripe: the session has no payment")
        return str(session.payment_intent)

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        self._call(
            self.client.v1.refunds.create,
            {
                "payment_intent": self._intent_of(provider_ref),
                "amount": amount_ore,
                "metadata": {"socius_payment": provider_ref},
            },
            {"idempotency_key": idempotency_key},
        )

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        if provider_ref.startswith("cs_"):
            session = self._call(
                self.client.v1.checkout.sessions.retrieve,
                provider_ref,
                {"expand": ["payment_intent.latest_charge"]},
            )
            intent = session["payment_intent"]
            if intent is None:
                status = {"expired": "cancelled"}.get(session.status, "pending")
                return ProviderPayment(provider_ref, status, 0, 0)
        else:
            intent = self._call(
                self.client.v1.payment_intents.retrieve, provider_ref, {"expand": ["latest_charge"]}
            )
        return _intent_state(provider_ref, intent.to_dict())

    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> list[ProviderEvent]:
        signature = header_value(headers, "Stripe-Signature")
        if not signature or not settings.SUPPORT_STRIPE_WEBHOOK_SECRET:
            raise WebhookRejected("no signature")
        try:
            event = stripe.Webhook.construct_event(
                body, signature, settings.SUPPORT_STRIPE_WEBHOOK_SECRET
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise WebhookRejected("not signed by Stripe") from error
        try:
            payload = event.to_dict()  # plain dicts all the way down
            kind, provider_ref, mandate_ref, amount = self._translate(payload)
            created = datetime.datetime.fromtimestamp(int(payload["created"]), tz=datetime.UTC)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise WebhookRejected("malformed event") from error
        return [
            ProviderEvent(
                event_id=str(payload["id"]),
                kind=kind,
                provider_ref=provider_ref,
                mandate_ref=mandate_ref,
                amount_ore=amount,
                occurred_at=created,
                raw_kind=str(payload["type"]),
                payload=payload,
            )
        ]

    def _translate(self, event: dict[str, Any]) -> tuple[EventKind, str, str, int]:
        """(kind, provider_ref, mandate_ref, amount in øre) of one Stripe event."""
        obj = event["data"]["object"]
        previous = event["data"].get("previous_attributes") or {}
        kind = str(event["type"])
        if kind.startswith("checkout.session."):
            if obj.get("mode") == "setup":
                if kind == "checkout.session.completed":
                    return EventKind.MANDATE_ACTIVE, "", str(obj["customer"]), 0
                return EventKind.IGNORED, "", str(obj.get("customer") or ""), 0
            amount = int(obj.get("amount_total") or 0)
            paid = obj.get("payment_status") in ("paid", "no_payment_required")
            result = {
                "checkout.session.completed": EventKind.CAPTURED if paid else EventKind.AUTHORISED,
                "checkout.session.async_payment_succeeded": EventKind.CAPTURED,
                "checkout.session.async_payment_failed": EventKind.FAILED,
                "checkout.session.expired": EventKind.CANCELLED,
            }.get(kind, EventKind.IGNORED)
            return result, str(obj["id"]), "", amount
        if kind in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            # Only charges under a mandate: a Checkout payment is followed by its session's
            # events, and a failed attempt on Stripe's page is not final (the payer may retry).
            mandate = (obj.get("metadata") or {}).get("socius_mandate", "")
            if not mandate:
                return EventKind.IGNORED, str(obj["id"]), "", 0
            if kind == "payment_intent.succeeded":
                return EventKind.CAPTURED, str(obj["id"]), mandate, int(obj["amount_received"])
            return EventKind.FAILED, str(obj["id"]), mandate, int(obj["amount"])
        if kind == "charge.refunded":
            amount = int(obj["amount_refunded"]) - int(previous.get("amount_refunded") or 0)
            return EventKind.REFUNDED, self._payment_of(str(obj["payment_intent"])), "", amount
        if kind == "charge.dispute.created":
            ref = self._payment_of(str(obj["payment_intent"]))
            return EventKind.CHARGEBACK, ref, "", int(obj["amount"])
        if kind == "invoice.payment_failed":
            return EventKind.FAILED, "", str(obj.get("customer") or ""), int(obj["amount_due"])
        if kind == "customer.subscription.deleted":
            return EventKind.MANDATE_STOPPED, "", str(obj["customer"]), 0
        if kind == "payment_method.detached":
            return EventKind.MANDATE_STOPPED, "", str(previous.get("customer") or ""), 0
        # invoice.paid and everything else: the platform does not create subscriptions or
        # invoices (see the module's docstring); a charge's money arrives as payment_intent.*.
        return EventKind.IGNORED, "", "", 0

    def _payment_of(self, intent: str) -> str:
        """The platform's provider_ref of a PaymentIntent: its Checkout Session, if any."""
        found = self._call(
            self.client.v1.checkout.sessions.list, {"payment_intent": intent, "limit": 1}
        )
        return str(found.data[0].id) if found.data else intent


def _intent_state(provider_ref: str, intent: dict[str, Any]) -> ProviderPayment:
    charge = intent.get("latest_charge")
    captured = int(charge.get("amount_captured") or 0) if isinstance(charge, Mapping) else 0
    refunded = int(charge.get("amount_refunded") or 0) if isinstance(charge, Mapping) else 0
    status = {
        "succeeded": "captured",
        "canceled": "cancelled",
        "requires_capture": "authorised",
        "requires_payment_method": "failed" if intent.get("last_payment_error") else "pending",
    }.get(intent["status"], "pending")
    if status == "captured" and refunded:
        status = "refunded" if refunded >= captured else "partly_refunded"
    return ProviderPayment(provider_ref, status, captured, refunded)
