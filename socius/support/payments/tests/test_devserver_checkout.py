"""The development provider end to end: the adapter creates, the payer decides on the checkout
page, the signed webhooks reach a loopback receiver and the adapter verifies them."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

from socius.support.payments.providers.base import EventKind, ProviderError
from socius.support.payments.providers.dev import DevProvider

WEBHOOK_PATH = "/stoet/betaling/webhook/dev/"


def events_of(adapter: DevProvider, deliveries: list[dict[str, Any]]) -> list[Any]:
    return [adapter.webhook_parse(body=d["body"], headers=d["headers"])[0] for d in deliveries]


@pytest.fixture
def adapter(payment_devserver: Any) -> DevProvider:
    return DevProvider()


def start(adapter: DevProvider, receiver: Any, key: str = "key-1", amount: int = 12500) -> Any:
    return adapter.payment_create(
        reference="GAVE-1",
        amount_ore=amount,
        description="Gave til <b>arbejdet</b>",
        return_url=f"{receiver.url}/stoet/betaling/retur/abc/",
        idempotency_key=key,
    )


def test_it_pays_through_the_checkout_page(
    adapter: DevProvider, webhook_receiver: Any, payment_devserver: Any
) -> None:
    checkout = start(adapter, webhook_receiver)

    page = httpx.get(checkout.redirect_url)
    assert page.status_code == 200
    assert '<html lang="da">' in page.text
    assert "<h1>Testbetaling</h1>" in page.text
    assert "125,00 kr." in page.text
    assert ">Betal</button>" in page.text
    assert ">Afvis</button>" in page.text
    assert "<b>" not in page.text  # the description is escaped

    answer = httpx.post(checkout.redirect_url, data={"action": "approve"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{webhook_receiver.url}/stoet/betaling/retur/abc/"

    deliveries = webhook_receiver.wait_for(2)
    assert {d["path"] for d in deliveries} == {WEBHOOK_PATH}
    events = events_of(adapter, deliveries)
    assert [e.kind for e in events] == [EventKind.AUTHORISED, EventKind.CAPTURED]
    assert events[1].provider_ref == checkout.provider_ref
    assert events[1].amount_ore == 12500
    assert events[1].payload["data"]["reference"] == "GAVE-1"
    assert adapter.payment_state(provider_ref=checkout.provider_ref).status == "captured"

    # Deciding again changes nothing and sends nothing.
    assert "Betalingen er gennemført." in httpx.get(checkout.redirect_url).text
    httpx.post(checkout.redirect_url, data={"action": "decline"})
    assert payment_devserver.outbox.wait_idle()
    assert len(webhook_receiver.requests) == 2


def test_a_declined_payment_sends_failed(adapter: DevProvider, webhook_receiver: Any) -> None:
    checkout = start(adapter, webhook_receiver)
    httpx.post(checkout.redirect_url, data={"action": "decline"})
    [event] = events_of(adapter, webhook_receiver.wait_for(1))
    assert event.kind == EventKind.FAILED
    assert adapter.payment_state(provider_ref=checkout.provider_ref).status == "failed"


def test_the_same_idempotency_key_gives_the_same_payment(
    adapter: DevProvider, webhook_receiver: Any
) -> None:
    first = start(adapter, webhook_receiver)
    again = start(adapter, webhook_receiver)
    assert again == first
    other = start(adapter, webhook_receiver, key="key-2")
    assert other.provider_ref != first.provider_ref


def test_a_key_reused_for_another_request_is_refused(
    adapter: DevProvider, webhook_receiver: Any
) -> None:
    start(adapter, webhook_receiver)
    with pytest.raises(ProviderError) as error:
        start(adapter, webhook_receiver, amount=99900)
    assert not error.value.retryable


def test_refunds_and_state(adapter: DevProvider, webhook_receiver: Any) -> None:
    checkout = start(adapter, webhook_receiver)
    httpx.post(checkout.redirect_url, data={"action": "approve"})
    adapter.payment_refund(
        provider_ref=checkout.provider_ref, amount_ore=2500, idempotency_key="r1"
    )
    adapter.payment_refund(
        provider_ref=checkout.provider_ref, amount_ore=2500, idempotency_key="r1"
    )
    state = adapter.payment_state(provider_ref=checkout.provider_ref)
    assert (state.status, state.captured_ore, state.refunded_ore) == (
        "partly_refunded",
        12500,
        2500,
    )
    with pytest.raises(ProviderError):  # more than is left
        adapter.payment_refund(
            provider_ref=checkout.provider_ref, amount_ore=10001, idempotency_key="r2"
        )
    adapter.payment_refund(
        provider_ref=checkout.provider_ref, amount_ore=10000, idempotency_key="r3"
    )
    assert adapter.payment_state(provider_ref=checkout.provider_ref).status == "refunded"
    events = events_of(adapter, webhook_receiver.wait_for(4))
    refunds = [e.amount_ore for e in events if e.kind == EventKind.REFUNDED]
    assert refunds == [2500, 10000]


def test_cancel_before_the_payer_decides(adapter: DevProvider, webhook_receiver: Any) -> None:
    checkout = start(adapter, webhook_receiver)
    adapter.payment_cancel(provider_ref=checkout.provider_ref, idempotency_key="c1")
    [event] = events_of(adapter, webhook_receiver.wait_for(1))
    assert event.kind == EventKind.CANCELLED
    assert "annulleret" in httpx.get(checkout.redirect_url).text


def test_a_mandate_is_approved_charged_and_stopped(
    adapter: DevProvider, webhook_receiver: Any
) -> None:
    checkout = adapter.mandate_create(
        reference="FAST-1",
        amount_ore=10000,
        interval="month",
        description="Månedlig gave",
        return_url=f"{webhook_receiver.url}/stoet/mine/",
        idempotency_key="m1",
    )
    page = httpx.get(checkout.redirect_url).text
    assert ">Godkend aftale</button>" in page
    assert "100,00 kr. hver måned" in page
    httpx.post(checkout.redirect_url, data={"action": "approve"})
    [active] = events_of(adapter, webhook_receiver.wait_for(1))
    assert (active.kind, active.mandate_ref) == (EventKind.MANDATE_ACTIVE, checkout.provider_ref)

    charge = dict(
        mandate_ref=checkout.provider_ref,
        reference="FAST-1-2",
        amount_ore=10000,
        due=datetime.date(2026, 12, 1),
        idempotency_key="charge-1",
    )
    payment_ref = adapter.mandate_charge(**charge)
    assert adapter.mandate_charge(**charge) == payment_ref  # a retry charges once
    adapter.mandate_stop(mandate_ref=checkout.provider_ref, idempotency_key="s1")
    with pytest.raises(ProviderError):
        adapter.mandate_charge(**{**charge, "idempotency_key": "charge-2"})

    events = events_of(adapter, webhook_receiver.wait_for(4))
    assert [e.kind for e in events[1:]] == [
        EventKind.AUTHORISED,
        EventKind.CAPTURED,
        EventKind.MANDATE_STOPPED,
    ]
    assert events[2].provider_ref == payment_ref
    assert events[2].mandate_ref == checkout.provider_ref


def test_hostile_input_is_refused(adapter: DevProvider, webhook_receiver: Any) -> None:
    for amount in ["1.000,50", -5, 1e9, 0.001, "", None, True, 99]:
        with pytest.raises(ProviderError):
            adapter.payment_create(
                reference="X",
                amount_ore=amount,  # type: ignore[arg-type]
                description="x",
                return_url=f"{webhook_receiver.url}/",
                idempotency_key=f"bad-{amount!r}",
            )
    with pytest.raises(ProviderError):
        adapter.payment_create(
            reference="X",
            amount_ore=100,
            description="x",
            return_url="javascript:alert(1)",
            idempotency_key="bad-url",
        )
    base = adapter.base_url
    assert (
        httpx.post(
            f"{base}/api/payments", content=b"[1]", headers={"Idempotency-Key": "a"}
        ).status_code
        == 400
    )
    assert (
        httpx.post(
            f"{base}/api/payments", content=b"{", headers={"Idempotency-Key": "b"}
        ).status_code
        == 400
    )
    too_big = b'{"x": "' + b"a" * 70_000 + b'"}'
    assert (
        httpx.post(
            f"{base}/api/payments", content=too_big, headers={"Idempotency-Key": "c"}
        ).status_code
        == 413
    )
    assert httpx.post(f"{base}/api/payments", json={"amount": 100}).status_code == 400  # no key
    assert httpx.get(f"{base}/checkout/pay_999999").status_code == 404
    assert httpx.get(f"{base}/checkout/../etc/passwd").status_code == 404
