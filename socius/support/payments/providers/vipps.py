"""MobilePay through Vipps MobilePay's ePayment API v1 and Recurring API v3, over HTTP.

One-off payments: ``POST /epayment/v1/payments`` (WALLET, WEB_REDIRECT); the payer approves in
the app and returns to ``return_url``; the payment is then *authorised* and must be captured
(``payment_capture``, an extra method this adapter has: the payments services call it on an
AUTHORISED event). ``provider_ref`` is the ePayment reference, "socius-<our reference>".
Mandates are Recurring agreements (``agr_...``); a charge under one is created by the
platform with a due date and captured by Vipps MobilePay on that date (DIRECT_CAPTURE); its
``provider_ref`` is "<agreementId>/<chargeId>". Amounts are in øre, currency DKK. Every POST
and PATCH carries the caller's Idempotency-Key.

Threat model of the webhook (Vipps MobilePay's Webhooks API): anyone can post to its address.
A delivery is believed only when the SHA-256 of the exact body equals ``x-ms-content-sha256``
and ``Authorization`` is the HMAC-SHA256, under SUPPORT_VIPPS_WEBHOOK_SECRET, of
"POST\\n<path?query>\\n<x-ms-date>;<host>;<x-ms-content-sha256>" (compared in constant time);
otherwise ``WebhookRejected``. The API keys are read from settings and never logged.
Shapes marked "documented, not verified" in docs/support.md come from the public
documentation and have not been tried against the test environment.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
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
from socius.support.payments.providers.dev import header_value

TIMEOUT = (3.05, 20)
CURRENCY = "DKK"
INTERVALS = {"month": "MONTH", "year": "YEAR"}
EPAYMENT_KINDS = {
    "AUTHORIZED": EventKind.AUTHORISED,
    "CAPTURED": EventKind.CAPTURED,
    "REFUNDED": EventKind.REFUNDED,
    "CANCELLED": EventKind.CANCELLED,
    "ABORTED": EventKind.FAILED,
    "EXPIRED": EventKind.FAILED,
    "TERMINATED": EventKind.CANCELLED,
}
RECURRING_KINDS = {
    "recurring.agreement-activated.v1": EventKind.MANDATE_ACTIVE,
    "recurring.agreement-rejected.v1": EventKind.MANDATE_STOPPED,
    "recurring.agreement-stopped.v1": EventKind.MANDATE_STOPPED,
    "recurring.agreement-expired.v1": EventKind.MANDATE_STOPPED,
    "recurring.charge-captured.v1": EventKind.CAPTURED,
    "recurring.charge-failed.v1": EventKind.FAILED,
    "recurring.charge-creation-failed.v1": EventKind.FAILED,
    "recurring.charge-canceled.v1": EventKind.CANCELLED,
}
EPAYMENT_STATES = {
    "CREATED": "pending",
    "AUTHORIZED": "authorised",
    "ABORTED": "failed",
    "EXPIRED": "failed",
    "TERMINATED": "cancelled",
}
CHARGE_STATES = {
    "PENDING": "pending",
    "DUE": "pending",
    "PROCESSING": "pending",
    "RESERVED": "authorised",
    "CHARGED": "captured",
    "PARTIALLY_CAPTURED": "captured",
    "FAILED": "failed",
    "CANCELLED": "cancelled",
    "PARTIALLY_REFUNDED": "partly_refunded",
    "REFUNDED": "refunded",
}


def vipps_reference(reference: str) -> str:
    """ePayment references are 8-64 of [a-zA-Z0-9-], unique per sales unit."""
    return ("socius-" + re.sub(r"[^a-zA-Z0-9-]", "-", reference))[:64]


def _amount(value: int) -> dict[str, Any]:
    return {"currency": CURRENCY, "value": value}


def _platform_path(name: str, fallback: str, **kwargs: str) -> str:
    """A path on the platform (the contract's path, should the view not be mounted)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


class VippsMobilePayProvider:
    code = "vipps"

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (base_url or settings.SUPPORT_VIPPS_BASE_URL).rstrip("/")
        self._token = ""
        self._token_until = 0.0

    # --- HTTP ---------------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {
            "Ocp-Apim-Subscription-Key": settings.SUPPORT_VIPPS_SUBSCRIPTION_KEY,
            "Merchant-Serial-Number": settings.SUPPORT_VIPPS_MSN,
            "Vipps-System-Name": "socius",
            "Vipps-System-Version": "1",
            "Vipps-System-Plugin-Name": "socius-support",
            "Vipps-System-Plugin-Version": "1",
        }

    def _access_token(self) -> str:
        """A bearer token from the Access Token API, kept until a minute before it expires."""
        if self._token and time.monotonic() < self._token_until:
            return self._token
        headers = {
            **self._headers(),
            "client_id": settings.SUPPORT_VIPPS_CLIENT_ID,
            "client_secret": settings.SUPPORT_VIPPS_CLIENT_SECRET,
        }
        result = self._send("POST", "/accesstoken/get", headers=headers)
        self._token = str(result["access_token"])
        self._token_until = time.monotonic() + max(int(result.get("expires_in", 0)) - 60, 0)
        return self._token

    def _call(self, method: str, path: str, data: Any = None, key: str = "") -> dict[str, Any]:
        headers = {**self._headers(), "Authorization": f"Bearer {self._access_token()}"}
        if key:
            headers["Idempotency-Key"] = key
        return self._send(method, path, headers=headers, data=data)

    def _send(
        self, method: str, path: str, *, headers: dict[str, str], data: Any = None
    ) -> dict[str, Any]:
        try:
            response = requests.request(
                method, self.base_url + path, json=data, headers=headers, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise ProviderError("Vipps MobilePay unreachable", retryable=True) from error
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderError(f"Vipps MobilePay: HTTP {response.status_code}", retryable=True)
        if response.status_code >= 400:
            raise ProviderError(
                f"Vipps MobilePay: HTTP {response.status_code}: {_problem(response)}"
            )
        if not response.content:
            return {}
        result: dict[str, Any] = response.json()
        return result

    # --- one-off payments (ePayment API v1) ---------------------------------------------------
    def payment_create(
        self,
        *,
        reference: str,
        amount_ore: int,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> Checkout:
        ref = vipps_reference(reference)
        result = self._call(
            "POST",
            "/epayment/v1/payments",
            {
                "amount": _amount(amount_ore),
                "paymentMethod": {"type": "WALLET"},
                "reference": ref,
                "returnUrl": return_url,
                "userFlow": "WEB_REDIRECT",
                "paymentDescription": description[:100],
            },
            idempotency_key,
        )
        return Checkout(provider_ref=ref, redirect_url=str(result["redirectUrl"]))

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        """Capture an authorised ePayment (charges under an agreement capture themselves)."""
        if "/" in provider_ref:
            return
        self._call(
            "POST",
            f"/epayment/v1/payments/{_quote(provider_ref)}/capture",
            {"modificationAmount": _amount(amount_ore)},
            idempotency_key,
        )

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        if "/" in provider_ref:
            agreement, charge = provider_ref.split("/", 1)
            path = f"/recurring/v3/agreements/{_quote(agreement)}/charges/{_quote(charge)}"
            self._call("DELETE", path, None, idempotency_key)
        else:
            path = f"/epayment/v1/payments/{_quote(provider_ref)}/cancel"
            self._call("POST", path, {}, idempotency_key)

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        if "/" in provider_ref:
            agreement, charge = provider_ref.split("/", 1)
            path = f"/recurring/v3/agreements/{_quote(agreement)}/charges/{_quote(charge)}/refund"
            self._call(
                "POST", path, {"amount": amount_ore, "description": "Refusion"}, idempotency_key
            )
        else:
            path = f"/epayment/v1/payments/{_quote(provider_ref)}/refund"
            self._call("POST", path, {"modificationAmount": _amount(amount_ore)}, idempotency_key)

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        if "/" in provider_ref:
            agreement, charge = provider_ref.split("/", 1)
            path = f"/recurring/v3/agreements/{_quote(agreement)}/charges/{_quote(charge)}"
            result = self._call("GET", path)
            summary = result.get("summary") or {}
            return ProviderPayment(
                provider_ref,
                CHARGE_STATES.get(str(result["status"]), "pending"),
                int(summary.get("captured") or 0),
                int(summary.get("refunded") or 0),
            )
        result = self._call("GET", f"/epayment/v1/payments/{_quote(provider_ref)}")
        aggregate = result["aggregate"]
        captured = int(aggregate["capturedAmount"]["value"])
        refunded = int(aggregate["refundedAmount"]["value"])
        status = EPAYMENT_STATES.get(str(result["state"]), "pending")
        if captured:
            status = "captured"
            if refunded:
                status = "refunded" if refunded >= captured else "partly_refunded"
        elif int(aggregate["cancelledAmount"]["value"]):
            status = "cancelled"
        return ProviderPayment(provider_ref, status, captured, refunded)

    # --- mandates (Recurring API v3) ----------------------------------------------------------
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
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(return_url))
        mine = _platform_path("support:mine", "/stoet/mine/")
        result = self._call(
            "POST",
            "/recurring/v3/agreements",
            {
                "interval": {"unit": INTERVALS[interval], "count": 1},
                "pricing": {"type": "LEGACY", "amount": amount_ore, "currency": CURRENCY},
                "merchantRedirectUrl": return_url,
                "merchantAgreementUrl": origin + mine,
                "productName": description[:45],
                "externalId": reference,
            },
            idempotency_key,
        )
        return Checkout(
            provider_ref=str(result["agreementId"]),
            redirect_url=str(result["vippsConfirmationUrl"]),
        )

    def mandate_charge(
        self,
        *,
        mandate_ref: str,
        reference: str,
        amount_ore: int,
        due: datetime.date,
        idempotency_key: str,
    ) -> str:
        result = self._call(
            "POST",
            f"/recurring/v3/agreements/{_quote(mandate_ref)}/charges",
            {
                "amount": amount_ore,
                "transactionType": "DIRECT_CAPTURE",
                "type": "RECURRING",
                "description": reference,
                "due": due.isoformat(),
                "retryDays": 5,
                "externalId": reference,
            },
            idempotency_key,
        )
        return f"{mandate_ref}/{result['chargeId']}"

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        self._call(
            "PATCH",
            f"/recurring/v3/agreements/{_quote(mandate_ref)}",
            {"status": "STOPPED"},
            idempotency_key,
        )

    # --- webhooks -----------------------------------------------------------------------------
    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> list[ProviderEvent]:
        path = _platform_path(
            "support_payments:webhook", "/stoet/betaling/webhook/vipps/", provider="vipps"
        )
        vipps_webhook_verify(body, headers, path=path, secret=settings.SUPPORT_VIPPS_WEBHOOK_SECRET)
        try:
            event = json.loads(body)
            if "eventType" in event:
                return [_recurring_event(event)]
            return [_epayment_event(event)]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise WebhookRejected("malformed body") from error


def vipps_webhook_sign(
    body: bytes, *, secret: str, path: str, host: str, date: str
) -> dict[str, str]:
    """The headers Vipps MobilePay sends with a webhook (for tests, and as documentation)."""
    content = base64.b64encode(hashlib.sha256(body).digest()).decode()
    signed = f"POST\n{path}\n{date};{host};{content}"
    signature = base64.b64encode(
        hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()
    ).decode()
    return {
        "Host": host,
        "x-ms-date": date,
        "x-ms-content-sha256": content,
        "Authorization": f"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}",
    }


def vipps_webhook_verify(
    body: bytes, headers: Mapping[str, str], *, path: str, secret: str
) -> None:
    """``WebhookRejected`` unless the headers sign exactly ``body`` sent to ``path``."""
    date = header_value(headers, "x-ms-date")
    host = header_value(headers, "Host")
    content = header_value(headers, "x-ms-content-sha256")
    authorization = header_value(headers, "Authorization")
    if not (secret and date and host and content and authorization):
        raise WebhookRejected("unsigned")
    actual = base64.b64encode(hashlib.sha256(body).digest()).decode()
    if not hmac.compare_digest(actual, content):
        raise WebhookRejected("the body's hash does not match")
    expected = vipps_webhook_sign(body, secret=secret, path=path, host=host, date=date)
    if not hmac.compare_digest(expected["Authorization"], authorization):
        raise WebhookRejected("the signature does not match")


def _epayment_event(event: dict[str, Any]) -> ProviderEvent:
    name = str(event["name"])
    if event.get("success") is False:
        kind = EventKind.IGNORED  # a failed capture or refund attempt changed nothing
    else:
        kind = EPAYMENT_KINDS.get(name, EventKind.IGNORED)
    return ProviderEvent(
        # Each operation has its own pspReference; together with the name it names the event.
        event_id=f"{event['reference']}:{name}:{event['pspReference']}",
        kind=kind,
        provider_ref=str(event["reference"]),
        amount_ore=int(event["amount"]["value"]),
        occurred_at=_timestamp(event["timestamp"]),
        raw_kind=name,
        payload=event,
    )


def _recurring_event(event: dict[str, Any]) -> ProviderEvent:
    kind_name = str(event["eventType"])
    agreement = str(event["agreementId"])
    charge = str(event.get("chargeId") or "")
    return ProviderEvent(
        event_id=f"{agreement}:{charge}:{kind_name}:{event['occurred']}",
        kind=RECURRING_KINDS.get(kind_name, EventKind.IGNORED),
        provider_ref=f"{agreement}/{charge}" if charge else "",
        mandate_ref=agreement,
        amount_ore=int(event.get("amount") or 0),
        occurred_at=_timestamp(event["occurred"]),
        raw_kind=kind_name,
        payload=event,
    )


def _timestamp(value: object) -> datetime.datetime:
    """ISO 8601 with up to 7 decimals of a second (.NET's), as the examples show."""
    text = re.sub(r"(\.\d{6})\d+", r"\1", str(value))
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a timestamp without a zone")
    return moment


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _problem(response: requests.Response) -> str:
    """The RFC 7807 problem's title and detail, short, for the log."""
    try:
        problem = response.json()
        return f"{problem.get('title', '')} {problem.get('detail', '')}".strip()[:200]
    except ValueError:
        return response.text[:200]
