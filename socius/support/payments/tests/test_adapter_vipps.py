"""The Vipps MobilePay adapter against recorded answers in the shapes its documentation shows
(replayed from tests/recordings/vipps/ by a loopback server)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from socius.support.payments.providers.base import EventKind, ProviderError, WebhookRejected
from socius.support.payments.providers.vipps import (
    VippsMobilePayProvider,
    vipps_reference,
    vipps_webhook_sign,
)

EVENTS = Path(__file__).parent / "recordings" / "vipps" / "events"
SECRET = "vipps-webhook-secret"
WEBHOOK_PATH = "/stoet/betaling/webhook/vipps/"
DATE = "Fri, 04 Dec 2026 10:15:08 GMT"


@pytest.fixture
def vipps(settings: Any, replay_server: Any) -> Any:
    settings.SUPPORT_VIPPS_BASE_URL = replay_server.url
    settings.SUPPORT_VIPPS_CLIENT_ID = "client-id-recorded"
    settings.SUPPORT_VIPPS_CLIENT_SECRET = "client-secret-recorded"
    settings.SUPPORT_VIPPS_SUBSCRIPTION_KEY = "subscription-key-recorded"
    settings.SUPPORT_VIPPS_MSN = "123456"
    settings.SUPPORT_VIPPS_WEBHOOK_SECRET = SECRET
    return replay_server


def body_of(request: dict[str, Any]) -> Any:
    return json.loads(request["body"]) if request["body"] else None


def assert_authorised(request: dict[str, Any], key: str | None) -> None:
    headers = request["headers"]
    assert headers["authorization"] == (
        "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.recorded.signature"
    )
    assert headers["ocp-apim-subscription-key"] == "subscription-key-recorded"
    assert headers["merchant-serial-number"] == "123456"
    assert headers.get("idempotency-key") == key


def test_a_payment_fetches_a_token_then_creates_an_epayment(vipps: Any) -> None:
    vipps.play("vipps", "accesstoken_get", "epayment_create")
    checkout = VippsMobilePayProvider().payment_create(
        reference="GAVE-7",
        amount_ore=12500,
        description="Gave til arbejdet",
        return_url="https://socius.example.dk/stoet/betaling/retur/4c1f/",
        idempotency_key="key-1",
    )
    assert checkout.provider_ref == "socius-GAVE-7"
    assert checkout.redirect_url.startswith("https://pay-mt.mobilepay.dk/")
    token, create = vipps.requests
    assert (token["method"], token["path"]) == ("POST", "/accesstoken/get")
    assert token["headers"]["client_id"] == "client-id-recorded"
    assert token["headers"]["client_secret"] == "client-secret-recorded"
    assert token["headers"]["ocp-apim-subscription-key"] == "subscription-key-recorded"
    assert (create["method"], create["path"]) == ("POST", "/epayment/v1/payments")
    assert_authorised(create, "key-1")
    assert body_of(create) == {
        "amount": {"currency": "DKK", "value": 12500},
        "paymentMethod": {"type": "WALLET"},
        "reference": "socius-GAVE-7",
        "returnUrl": "https://socius.example.dk/stoet/betaling/retur/4c1f/",
        "userFlow": "WEB_REDIRECT",
        "paymentDescription": "Gave til arbejdet",
    }


def test_the_token_is_reused(vipps: Any) -> None:
    vipps.play("vipps", "accesstoken_get", "epayment_capture", "epayment_refund")
    adapter = VippsMobilePayProvider()
    adapter.payment_capture(provider_ref="socius-GAVE-7", amount_ore=12500, idempotency_key="c-1")
    adapter.payment_refund(provider_ref="socius-GAVE-7", amount_ore=2500, idempotency_key="r-1")
    _token, capture, refund = vipps.requests
    assert capture["path"] == "/epayment/v1/payments/socius-GAVE-7/capture"
    assert_authorised(capture, "c-1")
    assert body_of(capture) == {"modificationAmount": {"currency": "DKK", "value": 12500}}
    assert refund["path"] == "/epayment/v1/payments/socius-GAVE-7/refund"
    assert_authorised(refund, "r-1")
    assert body_of(refund) == {"modificationAmount": {"currency": "DKK", "value": 2500}}


def test_cancel(vipps: Any) -> None:
    vipps.play("vipps", "accesstoken_get", "epayment_cancel", "charge_cancel")
    adapter = VippsMobilePayProvider()
    adapter.payment_cancel(provider_ref="socius-GAVE-7", idempotency_key="x-1")
    adapter.payment_cancel(provider_ref="agr_5kSeqz/chr-WxrjKCs", idempotency_key="x-2")
    assert [(r["method"], r["path"]) for r in vipps.requests[1:]] == [
        ("POST", "/epayment/v1/payments/socius-GAVE-7/cancel"),
        ("DELETE", "/recurring/v3/agreements/agr_5kSeqz/charges/chr-WxrjKCs"),
    ]


def test_errors(vipps: Any) -> None:
    vipps.play("vipps", "accesstoken_get", "error_epayment_400", "error_epayment_500")
    adapter = VippsMobilePayProvider()
    request = dict(
        reference="GAVE-7",
        amount_ore=12500,
        description="Gave",
        return_url="https://socius.example.dk/",
        idempotency_key="key-1",
    )
    with pytest.raises(ProviderError, match="The input is invalid") as invalid:
        adapter.payment_create(**request)
    assert not invalid.value.retryable
    with pytest.raises(ProviderError) as server_error:
        adapter.payment_create(**request)
    assert server_error.value.retryable


def test_payment_state(vipps: Any) -> None:
    vipps.play(
        "vipps",
        "accesstoken_get",
        "epayment_get_captured_partly_refunded",
        "epayment_get_created",
        "epayment_get_aborted",
        "charge_get_charged",
    )
    adapter = VippsMobilePayProvider()
    refs = ["socius-GAVE-7"] * 3 + ["agr_5kSeqz/chr-WxrjKCs"]
    states = [adapter.payment_state(provider_ref=ref) for ref in refs]
    assert [(s.status, s.captured_ore, s.refunded_ore) for s in states] == [
        ("partly_refunded", 12500, 2500),
        ("pending", 0, 0),
        ("failed", 0, 0),
        ("captured", 10000, 0),
    ]


def test_an_agreement_its_charges_and_stopping_it(vipps: Any) -> None:
    vipps.play(
        "vipps",
        "accesstoken_get",
        "agreement_create",
        "charge_create",
        "charge_refund",
        "agreement_stop",
    )
    adapter = VippsMobilePayProvider()
    checkout = adapter.mandate_create(
        reference="FAST-9",
        amount_ore=10000,
        interval="month",
        description="Månedlig gave",
        return_url="https://socius.example.dk/stoet/betaling/retur/77aa/",
        idempotency_key="m-1",
    )
    assert checkout.provider_ref == "agr_5kSeqz"
    assert checkout.redirect_url.startswith("https://pay-mt.mobilepay.dk/")
    ref = adapter.mandate_charge(
        mandate_ref="agr_5kSeqz",
        reference="FAST-9-2",
        amount_ore=10000,
        due=datetime.date(2026, 12, 1),
        idempotency_key="charge-1",
    )
    assert ref == "agr_5kSeqz/chr-WxrjKCs"
    adapter.payment_refund(provider_ref=ref, amount_ore=10000, idempotency_key="r-1")
    adapter.mandate_stop(mandate_ref="agr_5kSeqz", idempotency_key="s-1")

    _token, create, charge, refund, stop = vipps.requests
    assert_authorised(create, "m-1")
    assert body_of(create) == {
        "interval": {"unit": "MONTH", "count": 1},
        "pricing": {"type": "LEGACY", "amount": 10000, "currency": "DKK"},
        "merchantRedirectUrl": "https://socius.example.dk/stoet/betaling/retur/77aa/",
        "merchantAgreementUrl": "https://socius.example.dk/stoet/mine/",
        "productName": "Månedlig gave",
        "externalId": "FAST-9",
    }
    assert charge["path"] == "/recurring/v3/agreements/agr_5kSeqz/charges"
    assert_authorised(charge, "charge-1")
    assert body_of(charge) == {
        "amount": 10000,
        "transactionType": "DIRECT_CAPTURE",
        "type": "RECURRING",
        "description": "FAST-9-2",
        "due": "2026-12-01",
        "retryDays": 5,
        "externalId": "FAST-9-2",
    }
    assert refund["path"] == "/recurring/v3/agreements/agr_5kSeqz/charges/chr-WxrjKCs/refund"
    assert (stop["method"], stop["path"]) == ("PATCH", "/recurring/v3/agreements/agr_5kSeqz")
    assert_authorised(stop, "s-1")
    assert body_of(stop) == {"status": "STOPPED"}


def test_references_fit_vipps_rules() -> None:
    assert vipps_reference("G 1/<x>") == "socius-G-1--x-"
    assert len(vipps_reference("A" * 100)) == 64


# --- webhooks --------------------------------------------------------------------------------


def event_body(name: str) -> bytes:
    return (EVENTS / f"{name}.json").read_bytes()


def signed(body: bytes, **changes: str) -> dict[str, str]:
    values = {"secret": SECRET, "path": WEBHOOK_PATH, "host": "socius.example.dk", "date": DATE}
    return vipps_webhook_sign(body, **{**values, **changes})


@pytest.mark.parametrize(
    ("name", "kind", "provider_ref", "mandate_ref", "amount"),
    [
        ("epayment_authorized", EventKind.AUTHORISED, "socius-GAVE-7", "", 12500),
        ("epayment_captured", EventKind.CAPTURED, "socius-GAVE-7", "", 12500),
        ("epayment_refunded", EventKind.REFUNDED, "socius-GAVE-7", "", 2500),
        ("epayment_aborted", EventKind.FAILED, "socius-GAVE-7", "", 12500),
        ("epayment_captured_failed", EventKind.IGNORED, "socius-GAVE-7", "", 12500),
        ("agreement_activated", EventKind.MANDATE_ACTIVE, "", "agr_5kSeqz", 0),
        ("agreement_stopped", EventKind.MANDATE_STOPPED, "", "agr_5kSeqz", 0),
        ("charge_captured", EventKind.CAPTURED, "agr_5kSeqz/chr-WxrjKCs", "agr_5kSeqz", 10000),
        ("charge_failed", EventKind.FAILED, "agr_5kSeqz/chr-WxrjKCs", "agr_5kSeqz", 10000),
    ],
)
def test_events_are_mapped(
    vipps: Any, name: str, kind: EventKind, provider_ref: str, mandate_ref: str, amount: int
) -> None:
    body = event_body(name)
    [event] = VippsMobilePayProvider().webhook_parse(body=body, headers=signed(body))
    assert (event.kind, event.provider_ref, event.mandate_ref, event.amount_ore) == (
        kind,
        provider_ref,
        mandate_ref,
        amount,
    )
    assert event.occurred_at is not None
    assert event.occurred_at.tzinfo is not None


def test_each_operation_is_its_own_event(vipps: Any) -> None:
    adapter = VippsMobilePayProvider()
    ids = set()
    for name in ["epayment_authorized", "epayment_captured", "epayment_refunded"]:
        body = event_body(name)
        ids.add(adapter.webhook_parse(body=body, headers=signed(body))[0].event_id)
    assert len(ids) == 3
    body = event_body("epayment_captured")
    again = adapter.webhook_parse(
        body=body, headers=signed(body, date="Fri, 04 Dec 2026 10:16:00 GMT")
    )
    assert again[0].event_id in ids  # a repeated delivery is the same event


def test_django_style_headers_are_accepted(vipps: Any) -> None:
    body = event_body("epayment_captured")
    meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in signed(body).items()}
    assert VippsMobilePayProvider().webhook_parse(body=body, headers=meta)


def _forged(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, signed(body, secret="someone else")


def _other_body(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body.replace(b"12500", b"99900"), signed(body)


def _other_path(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, signed(body, path="/somewhere/else/")


def _other_host(body: bytes) -> tuple[bytes, dict[str, str]]:
    headers = signed(body)
    return body, {**headers, "Host": "evil.example"}


def _other_date(body: bytes) -> tuple[bytes, dict[str, str]]:
    headers = signed(body)
    return body, {**headers, "x-ms-date": "Thu, 03 Dec 2026 10:15:08 GMT"}


def _missing(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, {}


def _no_authorization(body: bytes) -> tuple[bytes, dict[str, str]]:
    headers = signed(body)
    del headers["Authorization"]
    return body, headers


@pytest.mark.parametrize(
    "tamper",
    [
        _forged,
        _other_body,
        _other_path,
        _other_host,
        _other_date,
        _missing,
        _no_authorization,
    ],
)
def test_anything_not_signed_by_vipps_is_rejected(vipps: Any, tamper: Any) -> None:
    body, headers = tamper(event_body("epayment_captured"))
    with pytest.raises(WebhookRejected):
        VippsMobilePayProvider().webhook_parse(body=body, headers=headers)


def test_without_a_configured_secret_nothing_is_believed(vipps: Any, settings: Any) -> None:
    settings.SUPPORT_VIPPS_WEBHOOK_SECRET = ""
    body = event_body("epayment_captured")
    with pytest.raises(WebhookRejected):
        VippsMobilePayProvider().webhook_parse(body=body, headers=signed(body, secret=""))


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        b'{"name": "CAPTURED"}',
        b'{"eventType": "recurring.x", "agreementId": "a", "occurred": "yesterday"}',
        b'{"msn": "1", "reference": "r", "pspReference": "p", "name": "CAPTURED", "amount": {"value": "x"}, "timestamp": "2026-12-04T10:00:00Z"}',
    ],
)
def test_a_signed_but_malformed_body_is_rejected(vipps: Any, body: bytes) -> None:
    with pytest.raises(WebhookRejected):
        VippsMobilePayProvider().webhook_parse(body=body, headers=signed(body))
