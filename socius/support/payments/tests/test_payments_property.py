"""A property: 1,000 signed webhooks about many payments (captures, refunds, failures,
authorisations, a second capture event for the same payment), delivered in any order with
10 % duplicates, leave the ledger equal to the provider's state, payment by payment."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socius.support.payments import services
from socius.support.payments.models import LedgerEntry, Payment, WebhookEvent
from socius.support.payments.services_webhooks import ledger_sums
from socius.support.payments.tests.payments_support import (
    memory_dev_fixture,  # noqa: F401
    start_kwargs,
    supporter_make,
    webhook,
)

pytestmark = pytest.mark.django_db
UNIQUE_EVENTS = 910  # + 10 % duplicates = 1,001 deliveries
_run = itertools.count()


def _script(rng: random.Random, ref: str, amount: int, prefix: str) -> tuple[list, dict]:
    """One payment's events at the provider and its final state there."""
    events: list[tuple[str, str, str, int]] = []
    n = itertools.count()

    def add(kind: str, value: int = 0) -> None:
        events.append((f"{prefix}_{ref}_{next(n)}", kind, ref, value))

    if rng.random() < 0.3:
        add("payment.authorised")
    if rng.random() < 0.75:
        add("payment.captured", amount)
        if rng.random() < 0.2:
            add("payment.captured", amount)  # the provider says it twice, in two events
        if rng.random() < 0.15:
            add("payment.failed")  # a declined first attempt, arriving late
        left = amount
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            part = rng.randint(100, max(100, left // 2)) if left >= 100 else 0
            if part:
                add("payment.refunded", part)
                left -= part
        return events, {"captured": amount, "refunded": amount - left}
    add(rng.choice(["payment.failed", "payment.cancelled"]))
    return events, {"captured": 0, "refunded": 0}


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False))
def test_any_order_with_duplicates_gives_the_providers_ledger(memory_dev: Any, rng: Any):
    run = next(_run)
    supporter = supporter_make()
    events: list[tuple[str, str, str, int]] = []
    expected: dict[int, dict[str, int]] = {}
    i = 0
    while len(events) < UNIQUE_EVENTS:
        amount = rng.randint(100, 500_000)
        payment = services.payment_start(
            **start_kwargs(supporter, f"prop-{run}-{i}", amount_ore=amount)
        )
        script, state = _script(rng, payment.provider_ref, amount, f"r{run}")
        events.extend(script)
        expected[payment.pk] = state
        i += 1
    deliveries = events + rng.sample(events, len(events) // 10)
    rng.shuffle(deliveries)
    assert len(deliveries) >= 1000

    for event_id, kind, ref, amount in deliveries:
        body, headers = webhook(event_id, kind, payment=ref, amount=amount)
        services.webhook_receive(provider="dev", body=body, headers=headers)

    for pk, state in expected.items():
        payment = Payment.objects.get(pk=pk)
        assert ledger_sums(payment) == (state["captured"], state["refunded"]), payment
        if state["captured"] and state["refunded"] == state["captured"]:
            assert payment.status == Payment.Status.REFUNDED
        elif state["captured"]:
            assert payment.status in (Payment.Status.CAPTURED, Payment.Status.PARTLY_REFUNDED)
        else:
            assert payment.status in (Payment.Status.FAILED, Payment.Status.CANCELLED)
    mine = WebhookEvent.objects.filter(event_id__startswith=f"r{run}_")
    assert mine.count() == len(events)
    assert not mine.filter(outcome=WebhookEvent.Outcome.DEFERRED).exists()
    captures = LedgerEntry.objects.filter(payment_id__in=expected, kind="capture")
    assert captures.count() == sum(1 for s in expected.values() if s["captured"])
