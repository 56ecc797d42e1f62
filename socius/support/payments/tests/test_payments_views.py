"""The return page, its status endpoint, the bank instructions and the webhook endpoint."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from socius.support.payments import services
from socius.support.payments.models import LedgerEntry, WebhookEvent
from socius.support.payments.providers.dev import SIGNATURE_HEADER, dev_webhook_sign
from socius.support.payments.tests.payments_support import (
    SECRET,
    memory_dev_fixture,  # noqa: F401
    start_kwargs,
    supporter_make,
    webhook,
)

pytestmark = pytest.mark.django_db
WEBHOOK = "/stoet/betaling/webhook/dev/"


def _post(client, body: bytes, headers: dict[str, str]):
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    return client.post(WEBHOOK, data=body, content_type="application/json", **extra)


def test_the_return_page_waits_then_shows_paid(client, memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "v-1"))
    url = reverse("support_payments:checkout-return", args=[payment.public_id])
    status_url = reverse("support_payments:checkout-status", args=[payment.public_id])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    with translation.override("da"):  # "Vi venter på betalingen…" once the catalogue has it
        assert translation.gettext("We are waiting for the payment…") in text
    assert "<progress" in text
    assert "checkout_poll.js" in text
    assert f'href="{url}"' in text  # "Opdater" works without JavaScript
    assert "Karen" not in text
    assert "karen@" not in text
    assert client.get(status_url).json()["state"] == "pending"
    body, headers = webhook("evt_1", "payment.captured", payment=payment.provider_ref)
    assert _post(client, body, headers).status_code == 200
    assert client.get(status_url).json()["state"] == "paid"
    paid = client.get(url).content.decode()
    assert "250 kr." in paid
    assert "checkout_poll.js" not in paid


def test_the_return_page_of_a_failed_payment(client, memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "v-2"))
    body, headers = webhook("evt_1", "payment.failed", payment=payment.provider_ref)
    _post(client, body, headers)
    page = client.get(reverse("support_payments:checkout-return", args=[payment.public_id]))
    assert page.status_code == 200
    assert "checkout_poll.js" not in page.content.decode()


def test_unknown_ids_are_404(client, memory_dev):
    forged = uuid.uuid4()
    for name in ("checkout-return", "checkout-status", "bank-instructions"):
        assert client.get(reverse(f"support_payments:{name}", args=[forged])).status_code == 404
    assert client.get("/stoet/betaling/retur/not-a-uuid/").status_code == 404


def test_the_bank_page_shows_account_reference_and_amount(client, memory_dev, settings):
    settings.SUPPORT_BANK_ACCOUNT = "5301 0000123456"
    payment = services.payment_start(**start_kwargs(supporter_make(), "b-1", provider="bank"))
    page = client.get(payment.checkout_url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "5301 0000123456" in text
    assert payment.reference in text
    assert "250 kr." in text
    assert "Karen" not in text
    card = services.payment_start(**start_kwargs(supporter_make("Ole Hansen"), "b-2"))
    other = reverse("support_payments:bank-instructions", args=[card.public_id])
    assert client.get(other).status_code == 404  # not a bank payment


def test_the_webhook_is_post_only_and_needs_no_csrf(memory_dev, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.get(WEBHOOK).status_code == 405
    payment = services.payment_start(**start_kwargs(supporter_make(), "w-1"))
    body, headers = webhook("evt_1", "payment.captured", payment=payment.provider_ref)
    assert _post(client, body, headers).status_code == 200
    assert LedgerEntry.objects.count() == 1


def _hostile_deliveries(provider_ref: str) -> list[tuple[str, bytes, dict[str, str]]]:
    body, headers = webhook("evt_h", "payment.captured", payment=provider_ref, amount=25_000)
    forged_body = body.replace(b"25000", b"99999")
    _big_body, big_headers = webhook("evt_big", "payment.captured", payment=provider_ref)
    big = json.dumps({"id": "evt_big", "pad": "x" * 300_000}).encode()
    wrong_key = "t=1,v1=" + "0" * 64
    not_json = b"{not json"
    signed_junk = {SIGNATURE_HEADER: dev_webhook_sign(not_json, secret=SECRET, t=int(time.time()))}
    old = {SIGNATURE_HEADER: dev_webhook_sign(body, secret=SECRET, t=int(time.time()) - 3600)}
    other_secret = {SIGNATURE_HEADER: dev_webhook_sign(body, secret="guess", t=int(time.time()))}
    return [
        ("unsigned", body, {}),
        ("forged", forged_body, headers),
        ("wrong signature", body, {SIGNATURE_HEADER: wrong_key}),
        ("another secret", body, other_secret),
        ("replayed an hour later", body, old),
        ("oversized", big, big_headers),
        ("malformed", not_json, signed_junk),
    ]


def test_hostile_webhooks_are_400_and_store_nothing(client, memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "h-1"))
    for name, body, headers in _hostile_deliveries(payment.provider_ref):
        response = _post(client, body, headers)
        assert response.status_code == 400, name
        assert len(response.content) < 40, name
        assert b"<" not in response.content, name
    assert not WebhookEvent.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_webhook_for_a_disabled_or_unknown_provider_is_404(client, memory_dev):
    body, headers = webhook("evt_1", "payment.captured", payment="x")
    for provider in ("stripe", "nope", "bank"):
        url = reverse("support_payments:webhook", args=[provider])
        extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        status = client.post(url, data=body, content_type="application/json", **extra).status_code
        assert status == (400 if provider == "bank" else 404), provider
    assert not WebhookEvent.objects.exists()
