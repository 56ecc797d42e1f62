"""The development adapter's webhook check: only the provider's signature, only when fresh."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from socius.support.payments.providers.base import EventKind, WebhookRejected
from socius.support.payments.providers.dev import DevProvider, dev_webhook_sign, dev_webhook_verify

SECRET = "test-secret"
BODY = json.dumps(
    {
        "id": "evt_1",
        "type": "payment.captured",
        "created": "2026-12-05T10:00:00+00:00",
        "data": {"payment": "pay_1", "mandate": "", "amount": 12500, "reference": "GAVE-1"},
    }
).encode()


@pytest.fixture
def adapter(settings: Any) -> DevProvider:
    settings.SUPPORT_DEV_PROVIDER_SECRET = SECRET
    return DevProvider()


def parse(adapter: DevProvider, body: bytes, header: str | None) -> Any:
    headers = {} if header is None else {"Socius-Dev-Signature": header}
    return adapter.webhook_parse(body=body, headers=headers)


def test_a_genuine_webhook_is_translated(adapter: DevProvider) -> None:
    [event] = parse(adapter, BODY, dev_webhook_sign(BODY, secret=SECRET, t=int(time.time())))
    assert event.event_id == "evt_1"
    assert event.kind == EventKind.CAPTURED
    assert (event.provider_ref, event.amount_ore) == ("pay_1", 12500)
    assert event.occurred_at is not None
    assert event.occurred_at.tzinfo is not None
    assert event.raw_kind == "payment.captured"


def test_headers_are_found_whatever_their_case(adapter: DevProvider) -> None:
    header = dev_webhook_sign(BODY, secret=SECRET, t=int(time.time()))
    assert adapter.webhook_parse(body=BODY, headers={"socius-dev-signature": header})
    assert adapter.webhook_parse(body=BODY, headers={"HTTP_SOCIUS_DEV_SIGNATURE": header})


def test_the_signature_header_format() -> None:
    header = dev_webhook_sign(b"{}", secret="s", t=1700000000)
    # HMAC-SHA256("s", "1700000000.{}"), computed independently.
    import hashlib
    import hmac

    expected = hmac.new(b"s", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"


# Headers are built when the test runs (the clock matters) and named by what is wrong, so the
# test ids are the same in every process that collects them.
_BAD_HEADERS = {
    "missing": lambda: None,
    "empty": lambda: "",
    "not a timestamp": lambda: "t=abc,v1=00",
    "no timestamp": lambda: "v1=" + "0" * 64,
    "forged": lambda: dev_webhook_sign(BODY, secret="another secret", t=int(time.time())),
    "stale": lambda: dev_webhook_sign(BODY, secret=SECRET, t=int(time.time()) - 3600),
    "from the future": lambda: dev_webhook_sign(BODY, secret=SECRET, t=int(time.time()) + 3600),
    "another body": lambda: dev_webhook_sign(BODY + b" ", secret=SECRET, t=int(time.time())),
}


@pytest.mark.parametrize("wrong", list(_BAD_HEADERS))
def test_anything_else_is_rejected(adapter: DevProvider, wrong: str) -> None:
    with pytest.raises(WebhookRejected):
        parse(adapter, BODY, _BAD_HEADERS[wrong]())


def test_the_tolerance_is_five_minutes() -> None:
    header = dev_webhook_sign(BODY, secret=SECRET, t=1_800_000_000)
    dev_webhook_verify(BODY, header, secret=SECRET, now=1_800_000_300)
    dev_webhook_verify(BODY, header, secret=SECRET, now=1_799_999_700)
    for now in (1_800_000_301, 1_799_999_699):
        with pytest.raises(WebhookRejected):
            dev_webhook_verify(BODY, header, secret=SECRET, now=now)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"id": "e", "type": "payment.captured", "created": "x", "data": {}}',
        b'{"id": "e", "type": "payment.captured", "created": "2026-12-05T10:00:00+00:00", "data": {"amount": "lots"}}',
    ],
)
def test_a_signed_but_malformed_body_is_rejected(adapter: DevProvider, body: bytes) -> None:
    with pytest.raises(WebhookRejected):
        parse(adapter, body, dev_webhook_sign(body, secret=SECRET, t=int(time.time())))


def test_an_unknown_type_is_ignored(adapter: DevProvider) -> None:
    body = BODY.replace(b"payment.captured", b"payment.teleported")
    [event] = parse(adapter, body, dev_webhook_sign(body, secret=SECRET, t=int(time.time())))
    assert event.kind == EventKind.IGNORED


def test_an_unreachable_provider_is_a_retryable_error(settings: Any) -> None:
    from socius.support.payments.providers.base import ProviderError

    settings.SUPPORT_DEV_PROVIDER_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(ProviderError) as error:
        DevProvider().payment_state(provider_ref="pay_000001")
    assert error.value.retryable
