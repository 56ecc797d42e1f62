"""Webhooks: store, then apply. Also the ledger writes they (and bank transfers) cause.

Threat model. Anyone on the internet can post to /stoet/betaling/webhook/<provider>/. The
adapter's ``webhook_parse`` verifies the provider's signature before anything is stored, so a
forged or unsigned delivery stores nothing and moves no money; only the provider (or whoever
holds its webhook secret) can make the platform book a capture or a refund. A genuine
delivery may come any number of times, in any order, late, or concurrently with its own
duplicate; none of that may double or lose a ledger entry:

- each event is stored first (``WebhookEvent``, unique per provider and event id): a repeated
  delivery finds the stored row and is not applied again;
- it is then applied in its own transaction with the payment's row locked
  (``select_for_update``), so two events about one payment are applied one after the other;
- ledger entries are unique per (provider, source_key): a capture is keyed by the payment
  (``capture:<payment id>``), so two different events that both say "captured" book it once;
  a refund or chargeback by its event (``refund:<event id>``);
- a refund (or chargeback) that arrives before its capture is DEFERRED, and retried after each
  applied capture of that payment; an event for a payment or mandate not yet known (its
  provider id is stored when the provider call returns) is DEFERRED too and retried when the
  id is stored;
- status only moves forward: a late "authorised" or "failed" never undoes "captured".

Signals (signals.py) are sent inside the applying transaction, once per ledger entry or status
change, so receivers that update gifts and memberships commit or roll back with the ledger.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from socius.core.audit import audit_record
from socius.support.payments import audit, signals
from socius.support.payments.models import LedgerEntry, Mandate, Payment, WebhookEvent
from socius.support.payments.providers import provider_get
from socius.support.payments.providers.base import (
    EventKind,
    ProviderError,
    ProviderEvent,
    WebhookRejected,
)

if TYPE_CHECKING:
    from socius.accounts.models import User

logger = logging.getLogger(__name__)

Outcome = WebhookEvent.Outcome
PS = Payment.Status

# How far each status is along the way; an event never moves a payment to a lower rank.
_RANK = {
    PS.CREATED: 0,
    PS.PENDING: 1,
    PS.AUTHORISED: 2,
    PS.FAILED: 3,
    PS.CANCELLED: 3,
    PS.CAPTURED: 4,
    PS.PARTLY_REFUNDED: 5,
    PS.REFUNDED: 6,
}
MANDATE_FAILURES_BEFORE_STOP = 3


def ledger_sums(payment: Payment) -> tuple[int, int]:
    """(captured, refunded) of ``payment`` in the ledger, both as positive øre."""
    sums = LedgerEntry.objects.filter(payment=payment).aggregate(
        captured=Sum("amount_ore", filter=Q(amount_ore__gt=0), default=0),
        refunded=Sum("amount_ore", filter=Q(amount_ore__lt=0), default=0),
    )
    return int(sums["captured"]), -int(sums["refunded"])


def ledger_book(
    *,
    payment: Payment,
    kind: str,
    amount_ore: int,
    provider: str,
    source_key: str,
    booked_on: datetime.date,
    actor: User | None = None,
    note: str = "",
) -> LedgerEntry | None:
    """Append one entry (``payment`` locked by the caller); None when ``source_key`` is
    already booked. Sets the payment's status from the ledger and sends the signal."""
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                payment=payment,
                supporter_id=payment.supporter_id,
                purpose=payment.purpose,
                kind=kind,
                amount_ore=amount_ore,
                provider=provider,
                source_key=source_key,
                booked_on=booked_on,
                note=note[:300],
            )
    except IntegrityError:
        if LedgerEntry.objects.filter(provider=provider, source_key=source_key).exists():
            return None
        raise
    captured, refunded = ledger_sums(payment)
    if refunded and refunded >= captured:
        payment.status = PS.REFUNDED
    elif refunded:
        payment.status = PS.PARTLY_REFUNDED
    elif captured:
        payment.status = PS.CAPTURED
    fields = ["status", "updated_at"]
    if amount_ore > 0 and payment.captured_at is None:
        payment.captured_at = timezone.now()
        fields.append("captured_at")
    payment.save(update_fields=fields)
    positive = amount_ore > 0
    audit_record(
        actor=actor,
        action=audit.AUDIT_PAYMENT_CAPTURED if positive else audit.AUDIT_PAYMENT_REFUNDED,
        target=payment,
        data={"amount_ore": amount_ore, "kind": kind, "provider": provider},
    )
    signal = signals.payment_captured if positive else signals.payment_refunded
    signal.send(sender=Payment, payment=payment, entry=entry)
    if positive and payment.mandate_id:
        _mandate_recovered(payment.mandate_id)
    return entry


def _mandate_recovered(mandate_id: int) -> None:
    mandate = Mandate.objects.select_for_update().get(pk=mandate_id)
    if mandate.status == Mandate.Status.FAILING or mandate.failure_count:
        was = mandate.status
        mandate.failure_count = 0
        if was == Mandate.Status.FAILING:
            mandate.status = Mandate.Status.ACTIVE
        mandate.save(update_fields=["failure_count", "status", "updated_at"])
        if was != mandate.status:
            mandate_status_changed(mandate)


def mandate_status_changed(mandate: Mandate, actor: User | None = None) -> None:
    """Audit and signal a mandate's new status (the caller saved it)."""
    audit_record(
        actor=actor,
        action=audit.AUDIT_MANDATE_CHANGED,
        target=mandate,
        data={"status": mandate.status, "failures": mandate.failure_count},
    )
    signals.mandate_changed.send(sender=Mandate, mandate=mandate)


def mandate_failure_count(mandate: Mandate, reason: str) -> bool:
    """Count one failed charge (``mandate`` locked): failing after one, stopped after
    MANDATE_FAILURES_BEFORE_STOP in a row. True when this failure stopped the mandate."""
    if mandate.status == Mandate.Status.STOPPED:
        return False
    mandate.failure_count += 1
    mandate.last_failure = reason[:200]
    stopped = mandate.failure_count >= MANDATE_FAILURES_BEFORE_STOP
    mandate.status = Mandate.Status.STOPPED if stopped else Mandate.Status.FAILING
    if stopped:
        mandate.stopped_at = timezone.now()
    mandate.save(
        update_fields=["failure_count", "last_failure", "status", "stopped_at", "updated_at"]
    )
    mandate_status_changed(mandate)
    return stopped


# --- Receiving ------------------------------------------------------------------------------------
def webhook_receive(*, provider: str, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
    """Verify one delivery with the provider's adapter (``WebhookRejected`` when it is not
    genuine: nothing is stored), store each event once, then apply it. A repeated delivery
    returns the stored row of its (first) event. ``LookupError`` for an unknown provider."""
    adapter = provider_get(provider)
    events = adapter.webhook_parse(body=body, headers=headers)
    rows = [_event_store(provider, event) for event in events]
    for row in rows:
        if row.outcome not in (Outcome.APPLIED, Outcome.IGNORED):
            event_apply(row.pk)
    if not rows:
        raise WebhookRejected("The delivery holds no event.")
    rows[0].refresh_from_db()
    return rows[0]


def _event_store(provider: str, event: ProviderEvent) -> WebhookEvent:
    """The stored row of ``event``: created now, or the one a previous delivery stored."""
    fields = {
        "kind": str(event.kind),
        "provider_ref": event.provider_ref[:200],
        "mandate_ref": event.mandate_ref[:200],
        "amount_ore": int(event.amount_ore),
        "occurred_at": event.occurred_at,
        "payload": dict(event.payload),
        "note": event.raw_kind[:300],
    }
    lookup = {"provider": provider, "event_id": event.event_id[:200]}
    try:
        with transaction.atomic():
            row, _created = WebhookEvent.objects.get_or_create(**lookup, defaults=fields)
    except IntegrityError:  # the same event delivered twice at the same moment
        row = WebhookEvent.objects.get(**lookup)
    return row


# --- Applying -------------------------------------------------------------------------------------
def event_apply(row_id: int) -> WebhookEvent:
    """Apply one stored event in its own transaction (idempotent); then retry what was waiting
    for it. An unexpected error marks the row FAILED and is raised again (the provider will
    deliver again, and the next delivery applies it)."""
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.select_for_update().get(pk=row_id)
            if row.outcome in (Outcome.APPLIED, Outcome.IGNORED):
                return row
            row.attempts += 1
            outcome, note, payment = _apply(row)
            row.outcome = outcome
            if note:
                row.note = note[:300]
            if outcome != Outcome.DEFERRED:
                row.processed_at = timezone.now()
            row.save(update_fields=["outcome", "note", "processed_at", "attempts"])
    except Exception as exc:
        WebhookEvent.objects.filter(pk=row_id).update(
            outcome=Outcome.FAILED, note=f"{type(exc).__name__}"[:300]
        )
        raise
    if outcome == Outcome.APPLIED and row.kind == EventKind.CAPTURED and payment is not None:
        deferred_retry(provider=row.provider, provider_ref=payment.provider_ref)
    return row


def deferred_retry(*, provider: str, provider_ref: str = "", mandate_ref: str = "") -> int:
    """Apply again the DEFERRED events about a payment or mandate; how many were applied."""
    match = Q(provider_ref=provider_ref) if provider_ref else Q(mandate_ref=mandate_ref)
    if not (provider_ref or mandate_ref):
        return 0
    ids = WebhookEvent.objects.filter(match, provider=provider, outcome=Outcome.DEFERRED)
    applied = 0
    for row_id in list(ids.order_by("pk").values_list("pk", flat=True)):
        if event_apply(row_id).outcome == Outcome.APPLIED:
            applied += 1
    return applied


def _apply(row: WebhookEvent) -> tuple[str, str, Payment | None]:
    kind = row.kind
    if kind in (EventKind.MANDATE_ACTIVE, EventKind.MANDATE_STOPPED):
        return (*_apply_mandate(row), None)
    if kind == EventKind.IGNORED or not row.provider_ref:
        return Outcome.IGNORED, "", None
    payment = (
        Payment.objects.select_for_update()
        .filter(provider=row.provider, provider_ref=row.provider_ref)
        .first()
    )
    if payment is None:
        return Outcome.DEFERRED, "payment not known yet", None
    booked_on = timezone.localdate(row.occurred_at or timezone.now())
    if kind == EventKind.CAPTURED:
        amount = row.amount_ore if row.amount_ore > 0 else payment.amount_ore
        entry = ledger_book(
            payment=payment,
            kind=LedgerEntry.Kind.CAPTURE,
            amount_ore=amount,
            provider=row.provider,
            source_key=f"capture:{payment.pk}",
            booked_on=booked_on,
        )
        return (Outcome.APPLIED if entry else Outcome.IGNORED), "", payment
    if kind in (EventKind.REFUNDED, EventKind.CHARGEBACK):
        return (*_apply_refund(row, payment, booked_on), payment)
    if kind == EventKind.AUTHORISED:
        outcome, note = _status_forward(payment, PS.AUTHORISED)
        if outcome == Outcome.APPLIED:
            _provider_capture_on_commit(payment)
        return outcome, note, payment
    if kind in (EventKind.FAILED, EventKind.CANCELLED):
        target = PS.FAILED if kind == EventKind.FAILED else PS.CANCELLED
        outcome, note = _status_forward(payment, target)
        if outcome == Outcome.APPLIED:
            payment_failed_effects(payment, reason=row.note or str(kind))
        return outcome, note, payment
    return Outcome.IGNORED, "", payment


def _apply_refund(row: WebhookEvent, payment: Payment, booked_on: datetime.date) -> tuple[str, str]:
    captured, _refunded = ledger_sums(payment)
    if not captured:
        return Outcome.DEFERRED, "waiting for the capture"
    amount = abs(row.amount_ore) or payment.amount_ore
    chargeback = row.kind == EventKind.CHARGEBACK
    entry = ledger_book(
        payment=payment,
        kind=LedgerEntry.Kind.CHARGEBACK if chargeback else LedgerEntry.Kind.REFUND,
        amount_ore=-amount,
        provider=row.provider,
        source_key=f"{'chargeback' if chargeback else 'refund'}:{row.event_id}",
        booked_on=booked_on,
    )
    return (Outcome.APPLIED if entry else Outcome.IGNORED), ""


def _status_forward(payment: Payment, status: str) -> tuple[str, str]:
    """Move the payment to ``status`` unless it is already as far or further."""
    if _RANK[PS(payment.status)] >= _RANK[PS(status)]:
        return Outcome.IGNORED, f"already {payment.status}"
    payment.status = status
    payment.save(update_fields=["status", "updated_at"])
    return Outcome.APPLIED, ""


def payment_failed_effects(payment: Payment, *, reason: str) -> None:
    """What a failed or cancelled payment causes (the status saved): audit, the signal, and
    for a charge under a mandate one more failure counted."""
    payment.failure = reason[:200]
    payment.save(update_fields=["failure", "updated_at"])
    audit_record(
        actor=None,
        action=audit.AUDIT_PAYMENT_FAILED,
        target=payment,
        data={"status": payment.status},
    )
    signals.payment_failed.send(sender=Payment, payment=payment)
    if payment.mandate_id:
        mandate = Mandate.objects.select_for_update().get(pk=payment.mandate_id)
        if mandate_failure_count(mandate, reason):
            _provider_stop_on_commit(mandate)


def _provider_capture_on_commit(payment: Payment) -> None:
    """Ask the provider to capture an authorised payment after the commit (one key per
    payment, so a repeated authorisation event captures once). The capture's own webhook books
    the ledger; a failure is logged and the payment stays authorised, which the daily
    reconciliation and the treasurer's page show."""
    provider, ref, amount = payment.provider, payment.provider_ref, payment.amount_ore
    key = f"capture:{payment.public_id}"

    def capture() -> None:
        try:
            provider_get(provider).payment_capture(
                provider_ref=ref, amount_ore=amount, idempotency_key=key
            )
        except (ProviderError, LookupError):
            logger.warning("Could not capture payment %s at the provider", ref)

    transaction.on_commit(capture)


def _provider_stop_on_commit(mandate: Mandate) -> None:
    """Tell the provider after the commit; a failure is logged (the reconciliation and the
    treasurer's list of failing mandates show the mandate as stopped here)."""

    def stop() -> None:
        try:
            provider_get(mandate.provider).mandate_stop(
                mandate_ref=mandate.provider_ref, idempotency_key=f"stop:{mandate.public_id}"
            )
        except (ProviderError, LookupError):
            logger.warning("Could not stop mandate %s at the provider", mandate.public_id)

    if mandate.provider_ref:
        transaction.on_commit(stop)


def _apply_mandate(row: WebhookEvent) -> tuple[str, str]:
    if not row.mandate_ref:
        return Outcome.IGNORED, "no mandate"
    mandate = (
        Mandate.objects.select_for_update()
        .filter(provider=row.provider, provider_ref=row.mandate_ref)
        .first()
    )
    if mandate is None:
        return Outcome.DEFERRED, "mandate not known yet"
    if row.kind == EventKind.MANDATE_STOPPED:
        if mandate.status == Mandate.Status.STOPPED:
            return Outcome.IGNORED, "already stopped"
        mandate.status = Mandate.Status.STOPPED
        mandate.stopped_at = timezone.now()
    else:
        if mandate.status != Mandate.Status.PENDING:
            return Outcome.IGNORED, f"already {mandate.status}"
        mandate.status = Mandate.Status.ACTIVE
        # The first charge is taken by the next payments_charge_due run.
        mandate.next_charge_on = mandate.next_charge_on or timezone.localdate(
            row.occurred_at or timezone.now()
        )
    mandate.save(update_fields=["status", "stopped_at", "next_charge_on", "updated_at"])
    mandate_status_changed(mandate)
    return Outcome.APPLIED, ""
