"""Test helpers for the payments services: the development provider's adapter with its HTTP
calls answered in memory (its webhook verification is the real one), signed webhooks, and a
supporter."""

from __future__ import annotations

import datetime
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from socius.support.models import Supporter
from socius.support.payments.providers.base import Checkout, ProviderError, ProviderPayment
from socius.support.payments.providers.dev import SIGNATURE_HEADER, DevProvider, dev_webhook_sign

SECRET = "test-webhook-secret"


@dataclass
class Remote:
    """The provider's side: its payments and every call the platform made."""

    payments: dict[str, dict[str, int]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)  # (method, idempotency key)
    refuse_charges: bool = False
    unreachable: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def new_ref(self, prefix: str) -> str:
        with self.lock:
            return f"{prefix}_{next(self.counter)}"


REMOTE = Remote()


class MemoryDevProvider(DevProvider):
    """DevProvider whose API calls are answered by ``REMOTE``."""

    def __init__(self) -> None:
        super().__init__(base_url="http://127.0.0.1:9", secret=SECRET)

    def _record(self, method: str, key: str) -> None:
        if REMOTE.unreachable:
            raise ProviderError("unreachable", retryable=True)
        with REMOTE.lock:
            REMOTE.calls.append((method, key))

    def payment_create(self, *, reference: str, amount_ore: int, description: str,
                       return_url: str, idempotency_key: str) -> Checkout:  # fmt: skip
        self._record("payment_create", idempotency_key)
        ref = REMOTE.new_ref("pay")
        REMOTE.payments[ref] = {"captured": 0, "refunded": 0}
        return Checkout(provider_ref=ref, redirect_url=f"http://127.0.0.1:9/checkout/{ref}")

    def mandate_create(self, *, reference: str, amount_ore: int, interval: str,
                       description: str, return_url: str, idempotency_key: str) -> Checkout:  # fmt: skip
        self._record("mandate_create", idempotency_key)
        ref = REMOTE.new_ref("man")
        return Checkout(provider_ref=ref, redirect_url=f"http://127.0.0.1:9/mandate/{ref}")

    def mandate_charge(self, *, mandate_ref: str, reference: str, amount_ore: int,
                       due: datetime.date, idempotency_key: str) -> str:  # fmt: skip
        self._record("mandate_charge", idempotency_key)
        if REMOTE.refuse_charges:
            raise ProviderError("card declined")
        ref = REMOTE.new_ref("pay")
        REMOTE.payments[ref] = {"captured": 0, "refunded": 0}
        return ref

    def mandate_stop(self, *, mandate_ref: str, idempotency_key: str) -> None:
        self._record("mandate_stop", idempotency_key)

    def payment_capture(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        self._record("payment_capture", idempotency_key)

    def payment_cancel(self, *, provider_ref: str, idempotency_key: str) -> None:
        self._record("payment_cancel", idempotency_key)

    def payment_refund(self, *, provider_ref: str, amount_ore: int, idempotency_key: str) -> None:
        self._record("payment_refund", idempotency_key)

    def payment_state(self, *, provider_ref: str) -> ProviderPayment:
        state = REMOTE.payments[provider_ref]
        return ProviderPayment(provider_ref, "captured", state["captured"], state["refunded"])


@pytest.fixture(name="memory_dev")
def memory_dev_fixture(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Remote:
    """The dev provider answered in memory; a fresh ``Remote`` per test."""
    from socius.support.payments import providers

    global REMOTE
    REMOTE = Remote()
    settings.SUPPORT_PROVIDERS = ["dev", "bank"]
    settings.SUPPORT_DEV_PROVIDER_SECRET = SECRET
    monkeypatch.setitem(providers._ADAPTERS, "dev", f"{__name__}.MemoryDevProvider")
    return REMOTE


def webhook(event_id: str, kind: str, *, payment: str = "", mandate: str = "",
            amount: int = 0, reference: str = "") -> tuple[bytes, dict[str, str]]:  # fmt: skip
    """A signed dev webhook in the contract's shape: (body, headers)."""
    body = json.dumps(
        {
            "id": event_id,
            "type": kind,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "data": {
                "payment": payment,
                "mandate": mandate,
                "amount": amount,
                "reference": reference,
            },  # fmt: skip
        }
    ).encode()
    header = dev_webhook_sign(body, secret=SECRET, t=int(time.time()))
    return body, {SIGNATURE_HEADER: header}


def supporter_make(name: str = "Karen Jensen") -> Supporter:
    return Supporter.objects.create(name=name, email=f"{name.split()[0].lower()}@example.dk")


def start_kwargs(supporter: Supporter, key: str, **extra: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "supporter": supporter,
        "purpose": "gift",
        "amount_ore": 25_000,
        "provider": "dev",
        "idempotency_key": key,
        "description": "Gave",
        "return_url": "http://testserver/stoet/betaling/retur/x/",
    }
    kwargs.update(extra)
    return kwargs


REFERENCE_CHARS = "34679ACDEFGHJKMNPQRTUVWXY"
