"""The faults the development provider injects: what the platform must survive."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from django.core.management import CommandError, call_command

from socius.support.payments.devserver import DevServer, Faults
from socius.support.payments.providers.base import EventKind, ProviderError
from socius.support.payments.providers.dev import DevProvider


def events_of(adapter: DevProvider, deliveries: list[dict[str, Any]]) -> list[Any]:
    return [adapter.webhook_parse(body=d["body"], headers=d["headers"])[0] for d in deliveries]


def paid(adapter: DevProvider, receiver: Any, key: str = "key-1") -> str:
    checkout = adapter.payment_create(
        reference="GAVE-1",
        amount_ore=5000,
        description="Gave",
        return_url=f"{receiver.url}/retur/",
        idempotency_key=key,
    )
    httpx.post(checkout.redirect_url, data={"action": "approve"})
    return checkout.provider_ref


def test_duplicates_deliver_every_event_again(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    payment_devserver.set_faults(Faults(duplicates=2))
    adapter = DevProvider()
    paid(adapter, webhook_receiver)
    events = events_of(adapter, webhook_receiver.wait_for(6))
    assert payment_devserver.outbox.wait_idle()
    assert len(webhook_receiver.requests) == 6
    assert len({e.event_id for e in events}) == 2
    assert sorted(e.kind for e in events).count(EventKind.CAPTURED) == 3


def test_reordering_sends_the_capture_before_the_authorisation(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    payment_devserver.set_faults(Faults(reorder=True))
    adapter = DevProvider()
    paid(adapter, webhook_receiver)
    events = events_of(adapter, webhook_receiver.wait_for(2))
    assert [e.kind for e in events] == [EventKind.CAPTURED, EventKind.AUTHORISED]


def test_a_refund_arrives_before_its_capture(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    payment_devserver.set_faults(Faults(refund_before_capture=True))
    adapter = DevProvider()
    ref = paid(adapter, webhook_receiver)
    webhook_receiver.wait_for(1)
    assert payment_devserver.outbox.wait_idle()
    assert len(webhook_receiver.requests) == 1  # the capture is held back
    adapter.payment_refund(provider_ref=ref, amount_ore=5000, idempotency_key="r1")
    events = events_of(adapter, webhook_receiver.wait_for(3))
    assert [e.kind for e in events] == [
        EventKind.AUTHORISED,
        EventKind.REFUNDED,
        EventKind.CAPTURED,
    ]


def test_delays(payment_devserver: DevServer, webhook_receiver: Any) -> None:
    payment_devserver.set_faults(Faults(delay=0.4))
    adapter = DevProvider()
    began = time.monotonic()
    paid(adapter, webhook_receiver)
    webhook_receiver.wait_for(2)
    assert time.monotonic() - began >= 0.8


def test_the_first_try_answers_500_after_doing_the_work(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    payment_devserver.set_faults(Faults(fail_first=True))
    adapter = DevProvider()
    request = dict(
        reference="GAVE-1",
        amount_ore=5000,
        description="Gave",
        return_url=f"{webhook_receiver.url}/retur/",
        idempotency_key="key-1",
    )
    with pytest.raises(ProviderError) as error:
        adapter.payment_create(**request)
    assert error.value.retryable
    checkout = adapter.payment_create(**request)  # the retry finds the payment made the first time
    assert checkout.provider_ref == "pay_000001"
    assert len(payment_devserver.store.payments) == 1


def test_webhooks_are_retried_until_the_platform_answers_2xx(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    webhook_receiver.fail = 2
    adapter = DevProvider()
    paid(adapter, webhook_receiver)
    deliveries = webhook_receiver.wait_for(4)
    assert payment_devserver.outbox.wait_idle()
    statuses = [d["status"] for d in payment_devserver.outbox.log]
    assert statuses.count(500) == 2
    assert statuses.count(200) == 2
    assert {e.kind for e in events_of(adapter, deliveries)} == {
        EventKind.AUTHORISED,
        EventKind.CAPTURED,
    }


def test_faults_per_request_and_by_the_admin_endpoint(
    payment_devserver: DevServer, webhook_receiver: Any
) -> None:
    base = payment_devserver.url
    answer = httpx.post(
        f"{base}/api/payments",
        headers={"Idempotency-Key": "k"},
        json={
            "reference": "R",
            "amount": 100,
            "return_url": f"{webhook_receiver.url}/",
            "webhook_url": f"{webhook_receiver.url}/hook/",
            "faults": {"duplicates": 1},
        },
    )
    assert answer.status_code == 201
    httpx.post(answer.json()["checkout_url"], data={"action": "approve"})
    assert len(webhook_receiver.wait_for(4)) == 4

    assert httpx.post(f"{base}/_faults", json={"reorder": True, "delay": 0.1}).json()["reorder"]
    assert httpx.get(f"{base}/_faults").json()["delay"] == 0.1
    assert httpx.post(f"{base}/_faults", json={"explode": True}).status_code == 400
    assert httpx.post(f"{base}/_faults", json=[1]).status_code == 400


def test_fault_options_at_start() -> None:
    faults = Faults.from_option("duplicates=2, reorder,delay=0.5,refund-before-capture")
    assert faults == Faults(duplicates=2, reorder=True, delay=0.5, refund_before_capture=True)
    with pytest.raises(ValueError, match="unknown"):
        Faults.from_option("nonsense")


def test_it_refuses_anything_but_loopback(payment_devserver: DevServer) -> None:
    with pytest.raises(ValueError, match="loopback"):
        DevServer(secret="s", host="0.0.0.0")  # noqa: S104
    with pytest.raises(CommandError, match="loopback"):
        call_command("payments_devserver", host="192.0.2.1")
    base = payment_devserver.url
    for webhook_url in ["http://192.0.2.1/hook/", "file:///etc/passwd", "http://example.dk/"]:
        answer = httpx.post(
            f"{base}/api/payments",
            headers={"Idempotency-Key": webhook_url},
            json={
                "reference": "R",
                "amount": 100,
                "return_url": "http://127.0.0.1/",
                "webhook_url": webhook_url,
            },
        )
        assert answer.status_code == 400
    assert httpx.post(f"{base}/_config", json={"platform": "http://192.0.2.1"}).status_code == 400
