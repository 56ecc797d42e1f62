"""Vipps MobilePay: an authorised payment is captured through the real adapter, once, against
the loopback replay of Vipps' API (socius/support/conftest.py); the capture's own webhook then
books the ledger once. Webhooks are signed as Vipps signs them and go through
``webhook_receive``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from socius.support.models import Supporter
from socius.support.payments import services
from socius.support.payments.models import LedgerEntry, Payment, WebhookEvent
from socius.support.payments.providers.vipps import vipps_webhook_sign

pytestmark = pytest.mark.django_db

RECORDINGS = Path(__file__).parent / "recordings" / "vipps"
SECRET = "vipps-webhook-secret"
WEBHOOK_PATH = "/stoet/betaling/webhook/vipps/"
DATES = ["Fri, 04 Dec 2026 10:15:08 GMT", "Fri, 04 Dec 2026 10:16:40 GMT"]


@pytest.fixture
def vipps(settings: Any, replay_server: Any) -> Any:
    settings.SUPPORT_PROVIDERS = ["vipps", "bank"]
    settings.SUPPORT_VIPPS_BASE_URL = replay_server.url
    settings.SUPPORT_VIPPS_CLIENT_ID = "client-id-recorded"
    settings.SUPPORT_VIPPS_CLIENT_SECRET = "client-secret-recorded"
    settings.SUPPORT_VIPPS_SUBSCRIPTION_KEY = "subscription-key-recorded"
    settings.SUPPORT_VIPPS_MSN = "123456"
    settings.SUPPORT_VIPPS_WEBHOOK_SECRET = SECRET
    return replay_server


def _recording(name: str, **changes: Any) -> dict[str, Any]:
    return {**json.loads((RECORDINGS / f"{name}.json").read_text()), **changes}


def _event(name: str, payment: Payment) -> bytes:
    """A recorded Vipps event about ``payment`` (its reference and amount)."""
    event = json.loads((RECORDINGS / "events" / f"{name}.json").read_text())
    event["reference"] = payment.provider_ref
    event["amount"]["value"] = payment.amount_ore
    return json.dumps(event).encode()


def _deliver(body: bytes, date: str, commit: Any) -> WebhookEvent:
    headers = vipps_webhook_sign(
        body, secret=SECRET, path=WEBHOOK_PATH, host="socius.example.dk", date=date
    )
    with commit(execute=True):  # the capture is asked for after the commit
        return services.webhook_receive(provider="vipps", body=body, headers=headers)


def test_an_authorised_payment_is_captured_once_then_booked_once(
    vipps: Any, django_capture_on_commit_callbacks: Any
) -> None:
    commit = django_capture_on_commit_callbacks
    supporter = Supporter.objects.create(name="Karen Jensen", email="karen@example.dk")
    vipps.play("vipps", "accesstoken_get", "epayment_create")
    with commit(execute=True):
        payment = services.payment_start(
            supporter=supporter, purpose="gift", amount_ore=12_500, provider="vipps",
            idempotency_key="gift:vipps-1", description="Gave",
            return_url="http://testserver/stoet/betaling/retur/x/",
        )  # fmt: skip
    assert payment.status == Payment.Status.PENDING
    assert payment.provider_ref.startswith("socius-")

    # The capture request goes to this payment's own address at Vipps.
    capture_path = f"/epayment/v1/payments/{payment.provider_ref}/capture"
    vipps.play("vipps", "accesstoken_get")
    vipps.queue.append(_recording("epayment_capture", path=capture_path))
    authorised = _event("epayment_authorized", payment)
    first = _deliver(authorised, DATES[0], commit)
    again = _deliver(authorised, DATES[1], commit)  # Vipps delivers the same event again
    assert first.pk == again.pk
    assert first.outcome == WebhookEvent.Outcome.APPLIED
    # Another AUTHORIZED event about the same payment (its own pspReference) captures nothing.
    other = json.loads(authorised)
    other["pspReference"] = "7686f7788898767999"
    _deliver(json.dumps(other).encode(), DATES[1], commit)

    captures = [r for r in vipps.requests if r["path"].endswith("/capture")]
    assert len(captures) == 1
    [capture] = captures
    assert (capture["method"], capture["path"]) == ("POST", capture_path)
    assert capture["headers"]["idempotency-key"] == f"capture:{payment.public_id}"
    assert json.loads(capture["body"]) == {
        "modificationAmount": {"currency": "DKK", "value": 12_500}
    }
    assert vipps.queue == []  # every recorded answer was asked for, nothing else
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AUTHORISED
    assert not LedgerEntry.objects.exists()  # the capture's own webhook books it

    captured = _event("epayment_captured", payment)
    _deliver(captured, DATES[0], commit)
    _deliver(captured, DATES[1], commit)
    entry = LedgerEntry.objects.get()
    assert (entry.payment_id, entry.amount_ore, entry.provider) == (payment.pk, 12_500, "vipps")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED
    # No further calls to Vipps: booking the capture asks nothing of the provider.
    assert len(vipps.requests) == 4


def test_a_capture_vipps_refuses_leaves_the_payment_authorised(
    vipps: Any, django_capture_on_commit_callbacks: Any
) -> None:
    commit = django_capture_on_commit_callbacks
    supporter = Supporter.objects.create(name="Bo Holm", email="bo@example.dk")
    vipps.play("vipps", "accesstoken_get", "epayment_create")
    with commit(execute=True):
        payment = services.payment_start(
            supporter=supporter, purpose="gift", amount_ore=12_500, provider="vipps",
            idempotency_key="gift:vipps-2", description="Gave",
            return_url="http://testserver/stoet/betaling/retur/x/",
        )  # fmt: skip
    vipps.play("vipps", "accesstoken_get")
    vipps.queue.append(
        _recording(
            "error_epayment_500", path=f"/epayment/v1/payments/{payment.provider_ref}/capture"
        )
    )
    row = _deliver(_event("epayment_authorized", payment), DATES[0], commit)
    assert row.outcome == WebhookEvent.Outcome.APPLIED  # the event itself was applied
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AUTHORISED
    assert not LedgerEntry.objects.exists()
