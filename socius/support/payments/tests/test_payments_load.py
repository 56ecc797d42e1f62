"""200 gifts at once on PostgreSQL, each started from two tabs at the same moment and its
capture webhook delivered twice, concurrently: every gift is in the ledger exactly once and
the provider was asked once per gift.

Threads, each with its own database connection (64: well under the test cluster's 300
connections, which the other worker's load tests may be using at the same moment), take the 400 starts and then the 400 deliveries from shared queues,
released together by a barrier. The path is the real one: ``payment_start`` (the unique
idempotency key, the provider call) and ``webhook_receive`` (the signed dev webhook, the
stored event, the locked payment, the ledger's unique source key).

What each load test covers: this one races inside one process at the service level (two tabs
starting the same gift at the same instant, and two copies of a webhook applied at the same
time, which the provider's one-at-a-time delivery never produces);
test_payments_load_http.py sends 200 donors through the real pages over HTTP (the form's key,
the CSRF check, double clicks, the provider's checkout page and its duplicated webhooks to the
webhook view)."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from socius.support.payments import services
from socius.support.payments.models import LedgerEntry, Payment, WebhookEvent
from socius.support.payments.tests.payments_support import (
    memory_dev_fixture,  # noqa: F401
    start_kwargs,
    supporter_make,
    webhook,
)

pytestmark = [
    pytest.mark.postgresql(reason="concurrent writers on row locks and unique indexes"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
GIFTS = 200
THREADS = 64


def _in_threads(tasks: list[Any], work: Any) -> list[BaseException]:
    todo = iter(tasks)
    lock = threading.Lock()
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker() -> None:
        try:
            start.wait()
            while True:
                with lock:
                    task = next(todo, None)
                if task is None:
                    return
                try:
                    work(task)
                except BaseException as exc:  # collected and shown by the test
                    errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_200_gifts_at_once_each_in_the_ledger_once(memory_dev):
    supporters = [supporter_make(f"Giver {i}") for i in range(GIFTS)]
    tabs = [(i, tab) for i in range(GIFTS) for tab in range(2)]
    random.Random(7).shuffle(tabs)

    def start(task: tuple[int, int]) -> None:
        i, _tab = task
        services.payment_start(**start_kwargs(supporters[i], f"load-{i}", amount_ore=10_000 + i))

    assert _in_threads(tabs, start) == []
    refs = dict(Payment.objects.values_list("idempotency_key", "provider_ref"))
    assert len(refs) == GIFTS

    def deliver(task: tuple[int, int]) -> None:
        i, _copy = task
        body, headers = webhook(f"evt-{i}", "payment.captured", payment=refs[f"load-{i}"],
                                amount=10_000 + i)  # fmt: skip
        services.webhook_receive(provider="dev", body=body, headers=headers)

    assert _in_threads(tabs, deliver) == []
    creates = [key for method, key in memory_dev.calls if method == "payment_create"]
    assert sorted(creates) == sorted(f"load-{i}" for i in range(GIFTS))
    assert WebhookEvent.objects.count() == GIFTS
    per_payment = LedgerEntry.objects.values("payment").annotate(n=Count("id"))
    assert sorted(row["n"] for row in per_payment) == [1] * GIFTS
    assert sum(LedgerEntry.objects.values_list("amount_ore", flat=True)) == sum(
        10_000 + i for i in range(GIFTS)
    )
