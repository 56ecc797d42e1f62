"""The development provider's adapter (the server: socius/support/payments/devserver/).

It speaks the dev server's JSON API over HTTP and checks its webhooks: header
``Socius-Dev-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>``.

Threat model: the webhook address is public. A body is believed only when its signature is
made with SUPPORT_DEV_PROVIDER_SECRET over exactly these bytes (compared in constant time) and
its timestamp is within five minutes of now, so a captured delivery cannot be replayed later;
replays within the window are harmless because events are de-duplicated by their id.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from socius.support.payments.providers.base import (
    Checkout,
    EventKind,
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    WebhookRejected,
)

SIGNATURE_HEADER = "Socius-Dev-Signature"
TOLERANCE_SECONDS = 300
TIMEOUT = (3.05, 10)  # connect, read
KINDS = {
    "payment.authorised": EventKind.AUTHORISED,
    "payment.captured": EventKind.CAPTURED,
    "payment.failed": EventKind.FAILED,
    "payment.cancelled": EventKind.CANCELLED,
    "payment.refunded": EventKind.REFUNDED,
    "mandate.active": EventKind.MANDATE_ACTIVE,
    "mandate.stopped": EventKind.MANDATE_STOPPED,
}


def dev_webhook_sign(body: bytes, *, secret: str, t: int) -> str:
    """The ``Socius-Dev-Signature`` header value for ``body`` signed at unix time ``t``."""
    digest = hmac.new(secret.encode(), str(t).encode() + b"." + body, hashlib.sha256)
    return f"t={t},v1={digest.hexdigest()}"


def dev_webhook_verify(body: bytes, header: str, *, secret: str, now: float | None = None) -> None:
    """``WebhookRejected`` unless ``header`` signs ``body`` with ``secret`` within 5 minutes."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        t = int(parts["t"][0])
    except (KeyError, ValueError) as error:
        raise WebhookRejected("no timestamp in the signature") from error
    if abs((time.time() if now is None else now) - t) > TOLERANCE_SECONDS:
        raise WebhookRejected("the signature is too old or from the future")
    expected = dev_webhook_sign(body, secret=secret, t=t).rpartition("v1=")[2]
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise WebhookRejected("the signature does not match")


class DevProvider:
    """The development provider over HTTP (settings.SUPPORT_DEV_PROVIDER_URL)."""

    code = "dev"

    def __init__(self, base_url: str | None = None, secret: str | None = None) -> None:
        self.base_url = (base_url or settings.SUPPORT_DEV_PROVIDER_URL).rstrip("/")
        self.secret = secret if secret is not None else settings.SUPPORT_DEV_PROVIDER_SECRET

    def _call(
        self, method: str, path: str, data: dict[str, Any] | None = None, key: str = ""
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": key} if key else {}
        try:
            response = requests.request(
                method, self.base_url + path, json=data, headers=headers, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise ProviderError(f"dev provider unreachable: {error}", retryable=True) from error
        if response.status_code >= 500:
            raise ProviderError(f"dev provider: HTTP {response.status_code}", retryable=True)
        if response.status_code >= 400:
            raise ProviderError(f"dev provider refused: {response.text[:200]}")
        result: dict[str, Any] = response.json()
        return result

    @staticmethod
    def _webhook_url(return_url: str) -> str:
        """The platform's webhook address, on the same origin as the page the payer returns to."""
        parts = urllib.parse.urlsplit(return_url)
        try:
            path = reverse("support_payments:webhook", kwargs={"provider": "dev"})
        except NoReverseMatch:  # the contract's address, should the view not be mounted
            path = "/stoet/betaling/webhook/dev/"
        return f"{parts.scheme}://{parts.netloc}{path}"

    def payment_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        data = {
            "reference": reference,
            "amount": amount_ore,
            "description": description,
            "return_url": return_url,
            "webhook_url": self._webhook_url(return_url),
        }
        result = self._call("POST", "/api/payments", data, idempotency_key)
        return Checkout(provider_ref=result["id"], redirect_url=result.get("checkout_url", ""))

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
        data = {
            "reference": reference,
            "amount": amount_ore,
            "interval": interval,
            "description": description,
            "return_url": return_url,
            "webhook_url": self._webhook_url(return_url),
        }
        result = self._call("POST", "/api/mandates", data, idempotency_key)
        return Checkout(provider_ref=result["id"], redirect_url=result.get("checkout_url", ""))

    def mandate_charge(
        self,
        *,
        mandate_ref: str,
        reference: str,
        amount_ore: int,
        due: datetime.date,
        idempotency_key: str,
    ) -> str:
        data = {"reference": reference, "amount": amount_ore, "due": due.isoformat()}
        path = f"/api/mandates/{urllib.parse.quote(mandate_ref)}/charges"
        return str(self._call("POST", path, data, idempotency_key)["id"])

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        self._call(
            "POST", f"/api/mandates/{urllib.parse.quote(mandate_ref)}/stop", {}, idempotency_key
        )

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Nothing to do: the development provider captures as soon as the payer approves."""

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        path = f"/api/payments/{urllib.parse.quote(provider_ref)}/cancel"
        self._call("POST", path, {}, idempotency_key)

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        path = f"/api/payments/{urllib.parse.quote(provider_ref)}/refunds"
        self._call("POST", path, {"amount": amount_ore}, idempotency_key)

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        result = self._call("GET", f"/api/payments/{urllib.parse.quote(provider_ref)}")
        captured, refunded = int(result["captured"]), int(result["refunded"])
        status = str(result["status"])
        if status == "captured" and refunded:
            status = "refunded" if refunded >= captured else "partly_refunded"
        return ProviderPayment(
            provider_ref=provider_ref, status=status, captured_ore=captured, refunded_ore=refunded
        )

    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> list[ProviderEvent]:
        header = header_value(headers, SIGNATURE_HEADER)
        if not header:
            raise WebhookRejected("no signature")
        dev_webhook_verify(body, header, secret=self.secret)
        try:
            event = json.loads(body)
            data = event["data"]
            kind = KINDS.get(event["type"], EventKind.IGNORED)
            return [
                ProviderEvent(
                    event_id=str(event["id"]),
                    kind=kind,
                    provider_ref=str(data.get("payment") or ""),
                    mandate_ref=str(data.get("mandate") or ""),
                    amount_ore=int(data.get("amount") or 0),
                    occurred_at=datetime.datetime.fromisoformat(event["created"]),
                    raw_kind=str(event["type"]),
                    payload=event,
                )
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise WebhookRejected("malformed body") from error


def header_value(headers: Mapping[str, str], name: str) -> str:
    """A header by name, whatever the case (Django's request.headers, a plain dict, WSGI META)."""
    wanted = name.lower()
    meta = "http_" + wanted.replace("-", "_")
    for key, value in headers.items():
        if key.lower() in (wanted, meta):
            return value
    return ""
