"""The payments services: idempotent starts, webhooks applied once, the append-only ledger,
recurring charges and the reconciliation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.support.payments import services, signals
from socius.support.payments.models import (
    LedgerEntry,
    Mandate,
    Payment,
    Reconciliation,
    WebhookEvent,
)
from socius.support.payments.providers.base import ProviderError
from socius.support.payments.selectors import (
    ledger_entries,
    ledger_total,
    mandates_failing,
    payments_for_supporter,
    reconciliation_latest,
)
from socius.support.payments.tests.payments_support import (
    REFERENCE_CHARS,
    memory_dev_fixture,  # noqa: F401
    start_kwargs,
    supporter_make,
    webhook,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def caught() -> Any:
    """Every payment signal sent, as (signal name, payment or mandate pk)."""
    sent: list[tuple[str, int]] = []
    receivers = {}
    for name in ("payment_captured", "payment_refunded", "payment_failed", "mandate_changed"):

        def receiver(sender: Any, name: str = name, **kwargs: Any) -> None:
            target = kwargs.get("payment") or kwargs.get("mandate")
            sent.append((name, target.pk))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver, weak=False)
    yield sent
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def _deliver(event_id: str, kind: str, **data: Any) -> WebhookEvent:
    body, headers = webhook(event_id, kind, **data)
    return services.webhook_receive(provider="dev", body=body, headers=headers)


def test_it_returns_the_same_payment_for_the_same_key(memory_dev):
    supporter = supporter_make()
    first = services.payment_start(**start_kwargs(supporter, "gift-1"))
    # a double click, a second tab, a retry after a time-out: the same key
    again = [services.payment_start(**start_kwargs(supporter, "gift-1")) for _ in range(3)]
    assert {p.pk for p in again} == {first.pk}
    assert Payment.objects.count() == 1
    assert memory_dev.calls == [("payment_create", "gift-1")]
    assert first.status == Payment.Status.PENDING
    assert first.checkout_url.startswith("http://127.0.0.1:9/checkout/")
    assert first.reference.startswith("ST-")
    assert len(first.reference) == 11
    assert set(first.reference[3:]) <= set(REFERENCE_CHARS)


def test_it_keeps_nothing_when_the_provider_times_out_and_retries_with_the_same_key(memory_dev):
    supporter = supporter_make()
    memory_dev.unreachable = True
    with pytest.raises(ProviderError):
        services.payment_start(**start_kwargs(supporter, "gift-2"))
    assert not Payment.objects.exists()
    memory_dev.unreachable = False
    payment = services.payment_start(**start_kwargs(supporter, "gift-2"))
    services.payment_start(**start_kwargs(supporter, "gift-2"))
    assert memory_dev.calls == [("payment_create", "gift-2")]
    assert Payment.objects.get().pk == payment.pk


def test_it_refuses_a_key_reused_for_another_supporter(memory_dev):
    services.payment_start(**start_kwargs(supporter_make(), "gift-3"))
    with pytest.raises(ValueError, match="different payment"):
        services.payment_start(**start_kwargs(supporter_make("Ole Hansen"), "gift-3"))


@pytest.mark.parametrize("amount", [0, 99, -500, 10.5, True])
def test_it_refuses_bad_amounts(memory_dev, amount):
    with pytest.raises(ValueError, match="øre"):
        services.payment_start(**start_kwargs(supporter_make(), "k", amount_ore=amount))
    assert not Payment.objects.exists()


def test_it_refuses_a_provider_that_is_not_enabled(memory_dev):
    with pytest.raises(LookupError):
        services.payment_start(**start_kwargs(supporter_make(), "k", provider="stripe"))


def test_the_same_webhook_five_times_books_once(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-4"))
    rows = [
        _deliver("evt_1", "payment.captured", payment=payment.provider_ref, amount=25_000)
        for _ in range(5)
    ]
    assert {row.pk for row in rows} == {rows[0].pk}
    assert rows[0].outcome == WebhookEvent.Outcome.APPLIED
    assert LedgerEntry.objects.count() == 1
    assert WebhookEvent.objects.count() == 1
    assert caught == [("payment_captured", payment.pk)]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED
    assert ledger_total(supporter=payment.supporter) == 25_000


def test_two_different_capture_events_book_one_capture(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-5"))
    _deliver("evt_a", "payment.captured", payment=payment.provider_ref, amount=25_000)
    second = _deliver("evt_b", "payment.captured", payment=payment.provider_ref, amount=25_000)
    assert second.outcome == WebhookEvent.Outcome.IGNORED
    assert LedgerEntry.objects.count() == 1
    assert caught == [("payment_captured", payment.pk)]


def test_a_refund_before_its_capture_waits_and_is_then_booked(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-6"))
    refund = _deliver("evt_r", "payment.refunded", payment=payment.provider_ref, amount=5_000)
    assert refund.outcome == WebhookEvent.Outcome.DEFERRED
    assert not LedgerEntry.objects.exists()
    _deliver("evt_c", "payment.captured", payment=payment.provider_ref, amount=25_000)
    refund.refresh_from_db()
    assert refund.outcome == WebhookEvent.Outcome.APPLIED
    amounts = sorted(LedgerEntry.objects.values_list("kind", "amount_ore"))
    assert amounts == [("capture", 25_000), ("refund", -5_000)]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTLY_REFUNDED
    assert caught == [("payment_captured", payment.pk), ("payment_refunded", payment.pk)]


def test_a_late_status_event_never_moves_a_payment_backwards(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-7"))
    _deliver("evt_c", "payment.captured", payment=payment.provider_ref)
    late = _deliver("evt_a", "payment.authorised", payment=payment.provider_ref)
    failed = _deliver("evt_f", "payment.failed", payment=payment.provider_ref)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED
    assert late.outcome == failed.outcome == WebhookEvent.Outcome.IGNORED
    assert caught == [("payment_captured", payment.pk)]


def test_a_failed_payment_signals_once(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-8"))
    for _ in range(2):
        _deliver("evt_f", "payment.failed", payment=payment.provider_ref)
    _deliver("evt_x", "payment.cancelled", payment=payment.provider_ref)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert caught == [("payment_failed", payment.pk)]


def test_an_event_for_an_unknown_payment_waits(memory_dev):
    row = _deliver("evt_u", "payment.captured", payment="pay_unknown", amount=100)
    assert row.outcome == WebhookEvent.Outcome.DEFERRED
    assert not LedgerEntry.objects.exists()


def test_a_refund_is_a_new_negative_entry_and_nothing_is_updated(memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "gift-9"))
    _deliver("evt_c", "payment.captured", payment=payment.provider_ref, amount=25_000)
    capture = LedgerEntry.objects.get()
    before = (capture.amount_ore, capture.kind, capture.source_key, capture.note)
    services.payment_refund(payment=payment, amount_ore=25_000, actor=None)
    services.payment_refund(payment=payment, amount_ore=25_000, actor=None)  # a double click
    refund_keys = [key for method, key in memory_dev.calls if method == "payment_refund"]
    assert len(set(refund_keys)) == 1  # the provider sees one refund
    _deliver("evt_r", "payment.refunded", payment=payment.provider_ref, amount=25_000)
    capture.refresh_from_db()
    assert (capture.amount_ore, capture.kind, capture.source_key, capture.note) == before
    assert sorted(LedgerEntry.objects.values_list("amount_ore", flat=True)) == [-25_000, 25_000]
    assert ledger_total(supporter=payment.supporter) == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    with pytest.raises(ValueError, match="more than"):
        services.payment_refund(payment=payment, amount_ore=100, actor=None)


def test_a_bank_transfer_is_booked_once_per_statement_line(memory_dev, caught):
    payment = services.payment_start(**start_kwargs(supporter_make(), "bank-1", provider="bank"))
    assert payment.provider_ref == payment.reference
    assert payment.checkout_url == f"/stoet/betaling/bank/{payment.public_id}/"
    typed = payment.reference.replace("-", " ").lower()  # how a payer may write it
    entry = services.bank_transfer_book(reference=typed, amount_ore=25_000, booked_on=TODAY,
                                        source_key="stmt-1:line-4", actor=None)  # fmt: skip
    again = services.bank_transfer_book(reference=payment.reference, amount_ore=25_000,
                                        booked_on=TODAY, source_key="stmt-1:line-4", actor=None)  # fmt: skip
    assert entry is not None
    assert again is None
    assert ledger_total(year=2026) == 25_000
    assert caught == [("payment_captured", payment.pk)]
    with pytest.raises(LookupError):
        services.bank_transfer_book(reference="ST-XXXXXXXX", amount_ore=100, booked_on=TODAY,
                                    source_key="stmt-1:line-5", actor=None)  # fmt: skip


def test_a_bank_payment_has_no_mandates(memory_dev):
    with pytest.raises(ProviderError):
        services.mandate_start(**start_kwargs(supporter_make(), "m", provider="bank",
                                              interval="month"))  # fmt: skip
    assert not Mandate.objects.exists()


def _active_mandate(remote: Any, key: str = "mandate-1") -> Mandate:
    mandate = services.mandate_start(**start_kwargs(supporter_make(), key, interval="month"))
    assert (
        services.mandate_start(**start_kwargs(mandate.supporter, key, interval="month")) == mandate
    )
    assert mandate.checkout_url
    assert mandate.reference.startswith("MD-")
    _deliver(f"evt_{key}", "mandate.active", mandate=mandate.provider_ref)
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ACTIVE
    Mandate.objects.filter(pk=mandate.pk).update(next_charge_on=TODAY)
    return mandate


def test_charge_due_charges_once_per_due_date_and_moves_on(memory_dev):
    mandate = _active_mandate(memory_dev)
    run = services.mandates_charge_due(today=TODAY)
    again = services.mandates_charge_due(today=TODAY)
    assert (run.charged, again.charged) == (1, 0)
    charges = [key for method, key in memory_dev.calls if method == "mandate_charge"]
    assert charges == [f"mandate:{mandate.public_id}:2026-03-10"]
    mandate.refresh_from_db()
    assert mandate.next_charge_on == datetime.date(2026, 4, 10)
    charge = mandate.payments.get()
    _deliver("evt_mc", "payment.captured", payment=charge.provider_ref, amount=25_000)
    assert ledger_total(supporter=mandate.supporter) == 25_000


def test_a_failing_mandate_is_failing_then_stopped_after_three(memory_dev, caught):
    mandate = _active_mandate(memory_dev)
    memory_dev.refuse_charges = True
    first = services.mandates_charge_due(today=TODAY)
    mandate.refresh_from_db()
    assert first.failed == 1
    assert mandate.status == Mandate.Status.FAILING
    assert list(mandates_failing()) == [mandate]
    services.mandates_charge_due(today=TODAY + datetime.timedelta(days=1))
    third = services.mandates_charge_due(today=TODAY + datetime.timedelta(days=2))
    mandate.refresh_from_db()
    assert third.stopped == 1
    assert mandate.status == Mandate.Status.STOPPED
    keys = [key for method, key in memory_dev.calls if method == "mandate_charge"]
    assert len(set(keys)) == 3  # each retry a new key, never the refused one again
    assert ("mandate_stop", f"stop:{mandate.public_id}") in memory_dev.calls
    assert mandate.payments.filter(status=Payment.Status.FAILED).count() == 3
    assert services.mandates_charge_due(today=TODAY + datetime.timedelta(days=3)).charged == 0


def test_a_provider_that_cannot_be_reached_counts_no_failure(memory_dev):
    mandate = _active_mandate(memory_dev)
    memory_dev.unreachable = True
    run = services.mandates_charge_due(today=TODAY)
    mandate.refresh_from_db()
    assert run.retry_later == 1
    assert mandate.failure_count == 0
    assert not mandate.payments.exists()


def test_mandate_stop_stops_here_and_at_the_provider(memory_dev, caught):
    mandate = _active_mandate(memory_dev)
    services.mandate_stop(mandate=mandate, actor=None)
    services.mandate_stop(mandate=mandate, actor=None)
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.STOPPED
    assert [c for c in memory_dev.calls if c[0] == "mandate_stop"] == [
        ("mandate_stop", f"stop:{mandate.public_id}")
    ]
    assert services.mandates_charge_due(today=TODAY).charged == 0


def test_reconciliation_reports_a_difference(memory_dev):
    supporter = supporter_make()
    agree = services.payment_start(**start_kwargs(supporter, "r-1"))
    differ = services.payment_start(**start_kwargs(supporter, "r-2"))
    for n, payment in enumerate([agree, differ]):
        _deliver(f"evt_{n}", "payment.captured", payment=payment.provider_ref, amount=25_000)
    memory_dev.payments[agree.provider_ref]["captured"] = 25_000
    memory_dev.payments[differ.provider_ref]["captured"] = 30_000  # the provider says more
    today = timezone.localdate()
    rows = services.ledger_reconcile(today=today)
    dev = next(row for row in rows if row.provider == "dev")
    assert dev.checked == 2
    assert [d["reference"] for d in dev.differences] == [differ.reference]
    assert dev.differences[0]["provider_ore"] - dev.differences[0]["ledger_ore"] == 5_000
    assert {r.pk for r in reconciliation_latest()} == {r.pk for r in rows}
    assert Reconciliation.objects.count() == 2  # dev and bank
    # Payments untouched for more than 35 days are not checked.
    later = services.ledger_reconcile(today=today + datetime.timedelta(days=40))
    assert next(row for row in later if row.provider == "dev").checked == 0


def test_an_authorised_payment_is_captured_once_and_asked_again_by_the_reconciliation(
    memory_dev, django_capture_on_commit_callbacks
):
    payment = services.payment_start(**start_kwargs(supporter_make(), "auth-1"))
    key = f"capture:{payment.public_id}"
    # The authorisation, delivered twice: one capture asked for, after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        _deliver("evt_auth", "payment.authorised", payment=payment.provider_ref)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver("evt_auth", "payment.authorised", payment=payment.provider_ref)
    assert [c for c in memory_dev.calls if c[0] == "payment_capture"] == [("payment_capture", key)]
    # The capture never came: the daily reconciliation shows it and asks again, same key.
    rows = services.ledger_reconcile(today=timezone.localdate())
    dev = next(row for row in rows if row.provider == "dev")
    assert [d["reference"] for d in dev.differences] == [payment.reference]
    assert "not captured" in dev.differences[0]["note"]
    assert [c for c in memory_dev.calls if c[0] == "payment_capture"] == [
        ("payment_capture", key),
        ("payment_capture", key),
    ]
    # Once captured, nothing more is asked.
    _deliver("evt_cap", "payment.captured", payment=payment.provider_ref, amount=25_000)
    memory_dev.payments[payment.provider_ref]["captured"] = 25_000
    rows = services.ledger_reconcile(today=timezone.localdate())
    assert next(row for row in rows if row.provider == "dev").differences == []
    assert len([c for c in memory_dev.calls if c[0] == "payment_capture"]) == 2


def test_services_write_audit_entries(memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "a-1"))
    _deliver("evt_1", "payment.captured", payment=payment.provider_ref)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["support_payments.payment.start", "support_payments.payment.capture"]


def test_selectors(memory_dev, django_assert_num_queries):
    supporter = supporter_make()
    payment = services.payment_start(**start_kwargs(supporter, "s-1"))
    _deliver("evt_1", "payment.captured", payment=payment.provider_ref)
    today = LedgerEntry.objects.get().booked_on
    with django_assert_num_queries(1):
        assert ledger_total(supporter=supporter, year=today.year, purposes=["gift"]) == 25_000
    assert ledger_total(purposes=["membership"]) == 0
    with django_assert_num_queries(1):
        entries = list(ledger_entries(date_from=today, date_to=today))
        assert entries[0].payment.reference
        assert entries[0].supporter.name
    assert list(payments_for_supporter(supporter)) == [payment]


def test_old_webhook_bodies_are_emptied(memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "p-1"))
    _deliver("evt_1", "payment.captured", payment=payment.provider_ref)
    today = timezone.localdate()
    assert services.webhook_payloads_prune(today=today) == 0
    assert services.webhook_payloads_prune(today=today + datetime.timedelta(days=401)) == 1
    row = WebhookEvent.objects.get()
    assert row.payload == {}
    assert row.outcome == WebhookEvent.Outcome.APPLIED
