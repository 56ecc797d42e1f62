"""The Stripe adapter against recorded answers in Stripe's documented shapes (replayed from
tests/recordings/stripe/ by a loopback server): what it asks, and how it reads the answers."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from socius.support.payments.providers.base import EventKind, ProviderError, WebhookRejected
from socius.support.payments.providers.stripe import StripeProvider

EVENTS = Path(__file__).parent / "recordings" / "stripe" / "events"
WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def stripe_api(settings: Any, replay_server: Any) -> Any:
    settings.SUPPORT_STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.SUPPORT_STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SUPPORT_STRIPE_API_BASE = replay_server.url
    return replay_server


def form(request: dict[str, Any]) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request["body"].decode()))


def query(request: dict[str, Any]) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request["path"]).query))


def test_a_payment_is_a_checkout_session_in_ore(stripe_api: Any) -> None:
    stripe_api.play("stripe", "checkout_session_create_payment")
    checkout = StripeProvider().payment_create(
        reference="GAVE-7",
        amount_ore=12500,
        description="Gave til arbejdet",
        return_url="https://socius.example.dk/stoet/betaling/retur/4c1f/",
        idempotency_key="key-1",
    )
    assert checkout.provider_ref == "cs_test_a1Gave7"
    assert checkout.redirect_url.startswith("https://checkout.stripe.com/c/pay/cs_test_a1Gave7")
    [request] = stripe_api.requests
    assert (request["method"], request["path"]) == ("POST", "/v1/checkout/sessions")
    assert request["headers"]["idempotency-key"] == "key-1"
    assert request["headers"]["authorization"] == "Bearer sk_test_recorded"
    assert form(request) == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "dkk",
        "line_items[0][price_data][unit_amount]": "12500",
        "line_items[0][price_data][product_data][name]": "Gave til arbejdet",
        "client_reference_id": "GAVE-7",
        "metadata[socius_reference]": "GAVE-7",
        "payment_intent_data[description]": "Gave til arbejdet",
        "payment_intent_data[metadata][socius_reference]": "GAVE-7",
        "locale": "da",
        "success_url": "https://socius.example.dk/stoet/betaling/retur/4c1f/",
        "cancel_url": "https://socius.example.dk/stoet/betaling/retur/4c1f/",
    }


def test_errors_become_provider_errors(stripe_api: Any) -> None:
    stripe_api.play("stripe", "error_api_500", "error_idempotency")
    request = dict(
        reference="GAVE-7",
        amount_ore=12500,
        description="Gave",
        return_url="https://socius.example.dk/",
        idempotency_key="key-1",
    )
    with pytest.raises(ProviderError) as server_error:
        StripeProvider().payment_create(**request)
    assert server_error.value.retryable
    with pytest.raises(ProviderError) as reused_key:
        StripeProvider().payment_create(**request)
    assert not reused_key.value.retryable
    assert [r["headers"]["idempotency-key"] for r in stripe_api.requests] == ["key-1", "key-1"]


def test_a_mandate_is_a_customer_with_a_saved_card(stripe_api: Any) -> None:
    stripe_api.play("stripe", "customer_create", "checkout_session_create_setup")
    checkout = StripeProvider().mandate_create(
        reference="FAST-9",
        amount_ore=10000,
        interval="month",
        description="Månedlig gave",
        return_url="https://socius.example.dk/stoet/mine/",
        idempotency_key="m-1",
    )
    assert checkout.provider_ref == "cus_Fast9"
    assert "cs_test_b2Fast9" in checkout.redirect_url
    customer, session = stripe_api.requests
    assert (customer["path"], customer["headers"]["idempotency-key"]) == (
        "/v1/customers",
        "m-1:customer",
    )
    assert form(customer)["description"] == "Månedlig gave"
    assert session["headers"]["idempotency-key"] == "m-1"
    body = form(session)
    assert (body["mode"], body["customer"], body["currency"]) == ("setup", "cus_Fast9", "dkk")
    assert body["payment_method_types[0]"] == "card"


def test_a_charge_under_a_mandate_is_an_off_session_payment_intent(stripe_api: Any) -> None:
    stripe_api.play("stripe", "payment_methods_list", "payment_intent_create_off_session")
    ref = StripeProvider().mandate_charge(
        mandate_ref="cus_Fast9",
        reference="FAST-9-2",
        amount_ore=10000,
        due=datetime.date(2026, 12, 1),
        idempotency_key="charge-1",
    )
    assert ref == "pi_3Charge"
    listing, create = stripe_api.requests
    assert listing["method"] == "GET"
    assert query(listing) == {"customer": "cus_Fast9", "type": "card"}
    assert create["headers"]["idempotency-key"] == "charge-1"
    assert form(create) == {
        "amount": "10000",
        "currency": "dkk",
        "customer": "cus_Fast9",
        "payment_method": "pm_1Card",
        "off_session": "true",
        "confirm": "true",
        "metadata[socius_reference]": "FAST-9-2",
        "metadata[socius_mandate]": "cus_Fast9",
        "metadata[socius_due]": "2026-12-01",
    }


def test_a_declined_charge_and_a_customer_without_a_card(stripe_api: Any) -> None:
    stripe_api.play(
        "stripe", "payment_methods_list", "error_card_declined", "payment_methods_list_empty"
    )
    charge = dict(
        mandate_ref="cus_Fast9",
        reference="FAST-9-2",
        amount_ore=10000,
        due=datetime.date(2026, 12, 1),
        idempotency_key="charge-1",
    )
    with pytest.raises(ProviderError, match="card_declined") as declined:
        StripeProvider().mandate_charge(**charge)
    assert not declined.value.retryable
    with pytest.raises(ProviderError, match="no saved card"):
        StripeProvider().mandate_charge(**charge)


def test_stopping_a_mandate_detaches_the_cards(stripe_api: Any) -> None:
    stripe_api.play("stripe", "payment_methods_list", "payment_method_detach")
    StripeProvider().mandate_stop(mandate_ref="cus_Fast9", idempotency_key="stop-1")
    detach = stripe_api.requests[1]
    assert (detach["method"], detach["path"]) == ("POST", "/v1/payment_methods/pm_1Card/detach")
    assert detach["headers"]["idempotency-key"] == "stop-1:pm_1Card"


def test_cancel_expires_a_session_or_cancels_an_intent(stripe_api: Any) -> None:
    stripe_api.play("stripe", "checkout_session_expire", "payment_intent_cancel")
    StripeProvider().payment_cancel(provider_ref="cs_test_a1Gave7", idempotency_key="c-1")
    StripeProvider().payment_cancel(provider_ref="pi_3Charge", idempotency_key="c-2")
    assert [(r["path"], r["headers"]["idempotency-key"]) for r in stripe_api.requests] == [
        ("/v1/checkout/sessions/cs_test_a1Gave7/expire", "c-1"),
        ("/v1/payment_intents/pi_3Charge/cancel", "c-2"),
    ]


def test_a_refund_of_a_checkout_payment(stripe_api: Any) -> None:
    stripe_api.play("stripe", "checkout_session_retrieve_ids", "refund_create")
    StripeProvider().payment_refund(
        provider_ref="cs_test_a1Gave7", amount_ore=2500, idempotency_key="refund-1"
    )
    retrieve, refund = stripe_api.requests
    assert retrieve["path"] == "/v1/checkout/sessions/cs_test_a1Gave7"
    assert refund["headers"]["idempotency-key"] == "refund-1"
    assert form(refund) == {
        "payment_intent": "pi_3Paid",
        "amount": "2500",
        "metadata[socius_payment]": "cs_test_a1Gave7",
    }


def test_payment_state(stripe_api: Any) -> None:
    stripe_api.play(
        "stripe",
        "checkout_session_retrieve_paid",
        "checkout_session_retrieve_paid_refunded",
        "checkout_session_retrieve_expired",
        "payment_intent_retrieve_charge",
    )
    adapter = StripeProvider()
    states = [adapter.payment_state(provider_ref="cs_test_a1Gave7") for _ in range(3)]
    states.append(adapter.payment_state(provider_ref="pi_3Charge"))
    assert [(s.status, s.captured_ore, s.refunded_ore) for s in states] == [
        ("captured", 12500, 0),
        ("partly_refunded", 12500, 2500),
        ("cancelled", 0, 0),
        ("captured", 10000, 0),
    ]
    assert query(stripe_api.requests[0]) == {"expand[0]": "payment_intent.latest_charge"}


# --- webhooks --------------------------------------------------------------------------------


def signed(body: bytes, *, secret: str = WEBHOOK_SECRET, t: int | None = None) -> dict[str, str]:
    """Stripe's documented scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    t = int(time.time()) if t is None else t
    signature = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={t},v1={signature}"}


def event_body(name: str) -> bytes:
    return (EVENTS / f"{name}.json").read_bytes()


def parse(name: str) -> Any:
    body = event_body(name)
    [event] = StripeProvider().webhook_parse(body=body, headers=signed(body))
    return event


@pytest.mark.parametrize(
    ("name", "kind", "provider_ref", "mandate_ref", "amount"),
    [
        ("checkout_session_completed_payment", EventKind.CAPTURED, "cs_test_a1Gave7", "", 12500),
        ("checkout_session_completed_setup", EventKind.MANDATE_ACTIVE, "", "cus_Fast9", 0),
        ("checkout_session_expired", EventKind.CANCELLED, "cs_test_a1Gave7", "", 12500),
        ("payment_intent_succeeded_charge", EventKind.CAPTURED, "pi_3Charge", "cus_Fast9", 10000),
        ("payment_intent_succeeded_checkout", EventKind.IGNORED, "pi_3Paid", "", 0),
        (
            "payment_intent_payment_failed_charge",
            EventKind.FAILED,
            "pi_3Charge",
            "cus_Fast9",
            10000,
        ),
        ("payment_method_detached", EventKind.MANDATE_STOPPED, "", "cus_Fast9", 0),
        ("customer_subscription_deleted", EventKind.MANDATE_STOPPED, "", "cus_Fast9", 0),
        ("invoice_payment_failed", EventKind.FAILED, "", "cus_Fast9", 10000),
        ("invoice_paid", EventKind.IGNORED, "", "", 0),
    ],
)
def test_events_are_mapped(
    stripe_api: Any, name: str, kind: EventKind, provider_ref: str, mandate_ref: str, amount: int
) -> None:
    event = parse(name)
    assert (event.kind, event.provider_ref, event.mandate_ref, event.amount_ore) == (
        kind,
        provider_ref,
        mandate_ref,
        amount,
    )
    assert event.event_id.startswith("evt_")
    assert event.occurred_at == datetime.datetime(2026, 12, 4, 16, 6, 40, tzinfo=datetime.UTC)
    assert event.raw_kind == json.loads(event_body(name))["type"]


def test_a_refund_event_carries_this_refunds_amount_and_the_session(stripe_api: Any) -> None:
    stripe_api.play("stripe", "checkout_sessions_list_by_intent", "checkout_sessions_list_empty")
    second = parse("charge_refunded")  # 7500 refunded in all, 2500 of it before
    assert (second.kind, second.provider_ref, second.amount_ore) == (
        EventKind.REFUNDED,
        "cs_test_a1Gave7",
        5000,
    )
    first = parse("charge_refunded_first")
    assert (first.provider_ref, first.amount_ore) == ("pi_3Paid", 2500)  # no session: the intent
    assert query(stripe_api.requests[0]) == {"payment_intent": "pi_3Paid", "limit": "1"}


@pytest.mark.parametrize(
    "headers",
    [
        {},  # missing
        {"Stripe-Signature": ""},
        {"Stripe-Signature": "t=1,v1=abc"},
        "forged",
        "stale",
        "other body",
    ],
)
def test_anything_not_signed_by_stripe_is_rejected(stripe_api: Any, headers: Any) -> None:
    body = event_body("checkout_session_completed_payment")
    if headers == "forged":
        headers = signed(body, secret="whsec_someone_else")
    elif headers == "stale":
        headers = signed(body, t=int(time.time()) - 3600)
    elif headers == "other body":
        headers = signed(body + b" ")
    with pytest.raises(WebhookRejected):
        StripeProvider().webhook_parse(body=body, headers=headers)


def test_without_a_configured_secret_nothing_is_believed(stripe_api: Any, settings: Any) -> None:
    settings.SUPPORT_STRIPE_WEBHOOK_SECRET = ""
    body = event_body("checkout_session_completed_payment")
    with pytest.raises(WebhookRejected):
        StripeProvider().webhook_parse(body=body, headers=signed(body, secret=""))


def test_a_signed_but_malformed_body_is_rejected(stripe_api: Any) -> None:
    for body in [
        b"not json",
        b'{"id": "evt_1", "object": "event", "type": "charge.refunded", "created": 1, "data": {"object": {}}}',
    ]:
        with pytest.raises(WebhookRejected):
            StripeProvider().webhook_parse(body=body, headers=signed(body))
