"""The development provider with the real platform: a payment started by the payments
service, paid on the checkout page, and booked from the webhook the live server receives,
once, even when the provider delivers every webhook three times and in reverse order."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from socius.support.models import Supporter
from socius.support.payments import services
from socius.support.payments.devserver import DevServer, Faults
from socius.support.payments.models import LedgerEntry, Payment, WebhookEvent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def wait_until(condition: Any, timeout: float = 15.0) -> None:
    """Poll the database (the webhook arrives on the live server's thread)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_a_payment_is_booked_once_from_duplicated_reordered_webhooks(
    live_server: Any, payment_devserver: DevServer, settings: Any
) -> None:
    payment_devserver.set_faults(Faults(duplicates=2, reorder=True))
    supporter = Supporter.objects.create(name="Karen Jensen", email="karen@example.dk")
    payment = services.payment_start(
        supporter=supporter,
        purpose="gift",
        amount_ore=25_000,
        provider="dev",
        idempotency_key="gift-e2e-1",
        description="Gave",
        return_url=f"{live_server.url}/stoet/betaling/retur/x/",
    )
    answer = httpx.post(payment.checkout_url, data={"action": "approve"})
    assert answer.status_code == 303

    assert payment_devserver.outbox.wait_idle(timeout=30)
    wait_until(lambda: LedgerEntry.objects.filter(payment=payment).exists())
    assert [d["status"] for d in payment_devserver.outbox.log] == [200] * 6
    assert WebhookEvent.objects.count() == 2  # two events, six deliveries
    entry = LedgerEntry.objects.get(payment=payment)
    assert entry.amount_ore == 25_000
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED
