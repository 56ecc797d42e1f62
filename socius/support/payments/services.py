"""Payments: every write, each in one transaction, audited (docs/support.md, "Payments").

Idempotency. Every charge carries the caller's idempotency key, stored unique on the
``Payment`` (``Mandate``) and passed on to the provider. ``payment_start`` inserts the row and
calls the provider in one transaction: a second call with the same key (a double click on
"Betal", a second tab, a retry after a time-out) waits on the unique index until the first
commits and then returns the first's payment with its checkout address, without calling the
provider. When the provider call fails nothing is kept, and a retry calls the provider again
with the same key, so the provider too sees one request.

The ledger is append-only: services only ever insert ``LedgerEntry`` rows, never update or
delete one. A refund is a new negative entry. Webhooks: services_webhooks.py.
"""

from __future__ import annotations

import contextlib
import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from socius.core.audit import audit_record
from socius.core.calendar import add_months
from socius.support.payments import audit
from socius.support.payments.models import (
    LedgerEntry,
    Mandate,
    Payment,
    Reconciliation,
    WebhookEvent,
)
from socius.support.payments.providers import provider_get, providers_enabled
from socius.support.payments.providers.base import ProviderError
from socius.support.payments.services_webhooks import (
    deferred_retry,
    ledger_book,
    ledger_sums,
    mandate_failure_count,
    mandate_status_changed,
    webhook_receive,
)

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.support.models import Gift, Membership, Supporter

__all__ = [
    "bank_transfer_book",
    "ledger_reconcile",
    "mandate_start",
    "mandate_stop",
    "mandates_charge_due",
    "payment_refund",
    "payment_start",
    "webhook_payloads_prune",
    "webhook_receive",
]

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read aloud and to type into a transfer's text.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
RECONCILE_DAYS = 35
PAYLOAD_KEEP_DAYS = 400


def reference_new(prefix: str = "ST") -> str:
    """A short code such as "ST-7KQ4MX9A" (25^8 ≈ 1.5 × 10^11 codes)."""
    return prefix + "-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def reference_normalise(text: str) -> str:
    """What a payer wrote, as we store it: upper case, no spaces, "ST7KQ..." gets its dash."""
    code = "".join(text.split()).upper()
    if len(code) == 10 and code.isalnum():
        code = f"{code[:2]}-{code[2:]}"
    return code


def _check_amount(amount_ore: int) -> None:
    if not isinstance(amount_ore, int) or isinstance(amount_ore, bool) or amount_ore < 100:
        raise ValueError("An amount is whole øre, at least 100.")


def _same_request(row: Payment | Mandate, supporter: Supporter, amount_ore: int) -> None:
    """A key reused for another supporter or amount is a bug, never another's payment."""
    if row.supporter_id != supporter.pk or row.amount_ore != amount_ore:
        raise ValueError("The idempotency key was used for a different payment.")


def payment_start(
    *,
    supporter: Supporter,
    purpose: str,
    amount_ore: int,
    provider: str,
    idempotency_key: str,
    gift: Gift | None = None,
    membership: Membership | None = None,
    description: str,
    return_url: str,
) -> Payment:
    """Start a one-off payment; send the payer to ``payment.checkout_url``. The same key
    returns the same payment (see the module's docstring). ``LookupError`` for a provider
    not enabled, ``ProviderError`` when the provider refuses (nothing is kept)."""
    _check_amount(amount_ore)
    adapter = provider_get(provider)
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        _same_request(existing, supporter, amount_ore)
        return existing
    with transaction.atomic():
        payment = _payment_insert(
            idempotency_key,
            supporter=supporter,
            purpose=purpose,
            amount_ore=amount_ore,
            provider=provider,
            gift=gift,
            membership=membership,
        )
        if payment.status != Payment.Status.CREATED:  # another request got there first
            _same_request(payment, supporter, amount_ore)
            return payment
        checkout = adapter.payment_create(
            reference=payment.reference,
            amount_ore=amount_ore,
            description=description,
            return_url=return_url,
            idempotency_key=idempotency_key,
        )
        payment.provider_ref = checkout.provider_ref
        payment.checkout_url = checkout.redirect_url
        payment.status = Payment.Status.PENDING
        payment.save(update_fields=["provider_ref", "checkout_url", "status", "updated_at"])
        audit_record(
            actor=None,
            action=audit.AUDIT_PAYMENT_STARTED,
            target=payment,
            data={"provider": provider, "amount_ore": amount_ore, "purpose": purpose},
        )
        ref = payment.provider_ref
        transaction.on_commit(lambda: deferred_retry(provider=provider, provider_ref=ref))
    return payment


def _payment_insert(idempotency_key: str, **fields: object) -> Payment:
    return _keyed_insert(Payment, "ST", idempotency_key, **fields)


def _keyed_insert[M: (Payment, Mandate)](
    model: type[M], prefix: str, idempotency_key: str, **fields: object
) -> M:
    """Insert the payment or mandate, or return the row another request inserted with the
    same key (after its commit: the unique index makes this insert wait for it)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return model.objects.create(
                    idempotency_key=idempotency_key, reference=reference_new(prefix), **fields
                )
        except IntegrityError:
            found = model.objects.filter(idempotency_key=idempotency_key).first()
            if found is not None:
                return found
            # Otherwise the reference was taken (one in 10^11): draw again.
    raise IntegrityError(f"No free {model._meta.model_name} reference.")


def mandate_start(
    *,
    supporter: Supporter,
    purpose: str,
    amount_ore: int,
    interval: str,
    provider: str,
    idempotency_key: str,
    gift: Gift | None = None,
    membership: Membership | None = None,
    description: str,
    return_url: str,
) -> Mandate:
    """Ask the payer for a mandate for recurring charges; send them to
    ``mandate.checkout_url``. It is active when the provider's webhook says so; the charges
    are then taken by ``mandates_charge_due`` (the first on the day it became active)."""
    _check_amount(amount_ore)
    if interval not in Mandate.Interval.values:
        raise ValueError("Unknown interval.")
    adapter = provider_get(provider)
    existing = Mandate.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        _same_request(existing, supporter, amount_ore)
        return existing
    with transaction.atomic():
        fields = {"supporter": supporter, "purpose": purpose, "amount_ore": amount_ore,
                  "interval": interval, "provider": provider, "gift": gift,
                  "membership": membership}  # fmt: skip
        mandate = _keyed_insert(Mandate, "MD", idempotency_key, **fields)
        if mandate.checkout_url or mandate.status != Mandate.Status.PENDING:
            _same_request(mandate, supporter, amount_ore)
            return mandate
        checkout = adapter.mandate_create(
            reference=mandate.reference,
            amount_ore=amount_ore,
            interval=interval,
            description=description,
            return_url=return_url,
            idempotency_key=idempotency_key,
        )
        mandate.provider_ref = checkout.provider_ref
        mandate.checkout_url = checkout.redirect_url
        mandate.save(update_fields=["provider_ref", "checkout_url", "updated_at"])
        audit_record(
            actor=None,
            action=audit.AUDIT_MANDATE_STARTED,
            target=mandate,
            data={"provider": provider, "amount_ore": amount_ore, "interval": interval},
        )
        ref = mandate.provider_ref
        transaction.on_commit(lambda: deferred_retry(provider=provider, mandate_ref=ref))
    return mandate


def mandate_stop(*, mandate: Mandate, actor: User | None) -> Mandate:
    """Stop a mandate here and at the provider: no further charges. Stopping a stopped
    mandate does nothing. ``ProviderError`` when the provider refuses (nothing changes)."""
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if mandate.status == Mandate.Status.STOPPED:
            return mandate
        if mandate.provider_ref:
            provider_get(mandate.provider).mandate_stop(
                mandate_ref=mandate.provider_ref, idempotency_key=f"stop:{mandate.public_id}"
            )
        mandate.status = Mandate.Status.STOPPED
        mandate.stopped_at = timezone.now()
        mandate.save(update_fields=["status", "stopped_at", "updated_at"])
        audit_record(actor=actor, action=audit.AUDIT_MANDATE_STOPPED, target=mandate)
        mandate_status_changed(mandate, actor)
    return mandate


def payment_refund(*, payment: Payment, amount_ore: int, actor: User | None) -> Payment:
    """Refund (part of) a captured payment. The negative ledger entry is written when the
    provider's webhook confirms it; for a bank transfer (refunded by hand by the treasurer)
    at once. The key includes what was refunded so far, so a double click refunds once."""
    _check_amount(amount_ore)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        captured, refunded = ledger_sums(payment)
        if amount_ore > captured - refunded:
            raise ValueError("Cannot refund more than was paid.")
        key = f"refund:{payment.public_id}:{refunded}:{amount_ore}"
        provider_get(payment.provider).payment_refund(
            provider_ref=payment.provider_ref, amount_ore=amount_ore, idempotency_key=key
        )
        audit_record(
            actor=actor,
            action=audit.AUDIT_REFUND_REQUESTED,
            target=payment,
            data={"amount_ore": amount_ore},
        )
        if payment.provider == "bank":
            ledger_book(
                payment=payment,
                kind=LedgerEntry.Kind.REFUND,
                amount_ore=-amount_ore,
                provider="bank",
                source_key=key,
                booked_on=timezone.localdate(),
                actor=actor,
            )
    return payment


def bank_transfer_book(
    *,
    reference: str,
    amount_ore: int,
    booked_on: datetime.date,
    source_key: str,
    actor: User | None,
) -> LedgerEntry | None:
    """Book a transfer from a bank statement line to the payment with ``reference``; None
    when ``source_key`` (the statement line) is already booked. ``LookupError`` when no
    payment has the reference; ``ValueError`` for an amount that is not positive."""
    if not isinstance(amount_ore, int) or amount_ore <= 0:
        raise ValueError("A transfer is a positive amount in øre.")
    code = reference_normalise(reference)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=code).first()
        if payment is None:
            raise LookupError(reference)
        entry = ledger_book(
            payment=payment,
            kind=LedgerEntry.Kind.CAPTURE,
            amount_ore=amount_ore,
            provider="bank",
            source_key=source_key[:250],
            booked_on=booked_on,
            actor=actor,
        )
        if entry is not None:
            audit_record(
                actor=actor,
                action=audit.AUDIT_BANK_BOOKED,
                target=payment,
                data={"amount_ore": amount_ore, "booked_on": booked_on},
            )
    return entry


@dataclass
class ChargeRun:
    charged: int = 0
    failed: int = 0
    retry_later: int = 0
    stopped: int = 0


def mandates_charge_due(
    *, today: datetime.date, progress: Callable[[int], object] | None = None
) -> ChargeRun:
    """Charge every active (or failing) mandate whose ``next_charge_on`` is today or earlier,
    once per due date (the idempotency key is the mandate and the due date), and move
    ``next_charge_on`` on by its interval. A refused charge counts a failure (status
    "failing"); the same due date is tried again on the next run with a new key; after
    MANDATE_FAILURES_BEFORE_STOP failures in a row the mandate is stopped, here and at the
    provider. A provider that cannot be reached (retryable) counts nothing: the next run
    tries again with the same key."""
    run = ChargeRun()
    due = Mandate.objects.filter(
        status__in=[Mandate.Status.ACTIVE, Mandate.Status.FAILING], next_charge_on__lte=today
    )
    for mandate_id in list(due.order_by("pk").values_list("pk", flat=True)):
        try:
            result = _mandate_charge_one(mandate_id, today)
        except ProviderError:
            result = "retry"
        if result == "charged":
            run.charged += 1
        elif result == "retry":
            run.retry_later += 1
        elif result in ("failed", "stopped"):
            run.failed += 1
            run.stopped += result == "stopped"
        if progress is not None:
            progress(1)
    return run


def _mandate_charge_one(mandate_id: int, today: datetime.date) -> str:
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().get(pk=mandate_id)
        due = mandate.next_charge_on
        active = mandate.status in (Mandate.Status.ACTIVE, Mandate.Status.FAILING)
        if not active or due is None or due > today:
            return "skipped"
        key = f"mandate:{mandate.public_id}:{due.isoformat()}"
        if mandate.failure_count:
            key += f":{mandate.failure_count + 1}"
        payment = _payment_insert(key, supporter_id=mandate.supporter_id, purpose=mandate.purpose,
                                  amount_ore=mandate.amount_ore, provider=mandate.provider,
                                  gift_id=mandate.gift_id, membership_id=mandate.membership_id,
                                  mandate=mandate)  # fmt: skip
        if payment.status != Payment.Status.CREATED:
            return "skipped"
        adapter = provider_get(mandate.provider)
        try:
            payment.provider_ref = adapter.mandate_charge(
                mandate_ref=mandate.provider_ref,
                reference=payment.reference,
                amount_ore=mandate.amount_ore,
                due=due,
                idempotency_key=key,
            )
        except ProviderError as exc:
            if exc.retryable:
                raise
            payment.status = Payment.Status.FAILED
            payment.failure = str(exc)[:200]
            payment.save(update_fields=["status", "failure", "updated_at"])
            stopped = mandate_failure_count(mandate, str(exc))
            if stopped and mandate.provider_ref:
                # Stopped here whatever the provider answers; the treasurer's list shows it.
                with contextlib.suppress(ProviderError):
                    adapter.mandate_stop(
                        mandate_ref=mandate.provider_ref,
                        idempotency_key=f"stop:{mandate.public_id}",
                    )
            return "stopped" if stopped else "failed"
        payment.status = Payment.Status.PENDING
        payment.save(update_fields=["provider_ref", "status", "updated_at"])
        months = 1 if mandate.interval == Mandate.Interval.MONTH else 12
        mandate.next_charge_on = add_months(due, months)
        mandate.save(update_fields=["next_charge_on", "updated_at"])
        audit_record(
            actor=None,
            action=audit.AUDIT_MANDATE_CHARGED,
            target=mandate,
            data={"due": due, "amount_ore": mandate.amount_ore},
        )
        ref, provider = payment.provider_ref, mandate.provider
        transaction.on_commit(lambda: deferred_retry(provider=provider, provider_ref=ref))
    return "charged"


def ledger_reconcile(
    *, today: datetime.date, progress: Callable[[int], object] | None = None
) -> list[Reconciliation]:
    """Compare, per enabled provider, the ledger's captured and refunded sums of each payment
    touched in the last RECONCILE_DAYS days with the provider's own state; store one
    ``Reconciliation`` per provider with the differences (also "provider unreachable")."""
    since = today - datetime.timedelta(days=RECONCILE_DAYS)
    results = []
    for code in providers_enabled():
        adapter = provider_get(code)
        touched = Payment.objects.filter(provider=code).exclude(provider_ref="")
        touched = touched.filter(
            Q(created_at__date__gte=since)
            | Q(updated_at__date__gte=since)
            | Q(entries__booked_on__gte=since)
        ).distinct()
        differences: list[dict[str, object]] = []
        checked = 0
        for payment in touched.order_by("pk").iterator(500):
            checked += 1
            differences.extend(_reconcile_one(adapter, payment))
            if progress is not None:
                progress(1)
        with transaction.atomic():
            row = Reconciliation.objects.create(
                provider=code, checked=checked, differences=differences
            )
            audit_record(
                actor=None,
                action=audit.AUDIT_RECONCILED,
                target=row,
                data={"checked": checked, "differences": len(differences)},
            )
        results.append(row)
    return results


def _reconcile_one(adapter: object, payment: Payment) -> list[dict[str, object]]:
    captured, refunded = ledger_sums(payment)
    base = {"payment": str(payment.public_id), "reference": payment.reference}
    try:
        state = adapter.payment_state(provider_ref=payment.provider_ref)  # type: ignore[attr-defined]
    except (ProviderError, LookupError) as exc:
        return [{**base, "ledger_ore": captured - refunded, "provider_ore": None,
                 "note": f"provider unreachable: {exc}"[:200]}]  # fmt: skip
    notes = []
    if payment.status == Payment.Status.AUTHORISED and state.captured_ore == 0:
        # Reserved but never captured (the capture asked for after the authorisation failed):
        # ask again with the same key, and show it until the capture's webhook arrives.
        notes.append("authorised, not captured: capture asked again")
        try:
            adapter.payment_capture(  # type: ignore[attr-defined]
                provider_ref=payment.provider_ref,
                amount_ore=payment.amount_ore,
                idempotency_key=f"capture:{payment.public_id}",
            )
        except ProviderError:
            notes.append("the capture failed again")
    if state.captured_ore != captured:
        notes.append("captured differs")
    if state.refunded_ore != refunded:
        notes.append("refunded differs")
    if not notes:
        return []
    return [{**base, "ledger_ore": captured - refunded,
             "provider_ore": state.captured_ore - state.refunded_ore,
             "ledger_captured_ore": captured, "provider_captured_ore": state.captured_ore,
             "ledger_refunded_ore": refunded, "provider_refunded_ore": state.refunded_ore,
             "note": ", ".join(notes)}]  # fmt: skip


def webhook_payloads_prune(*, today: datetime.date) -> int:
    """Empty the stored body of webhooks older than PAYLOAD_KEEP_DAYS that were applied or
    ignored (the row, its kind, amount and outcome stay as the ledger's trail)."""
    before = today - datetime.timedelta(days=PAYLOAD_KEEP_DAYS)
    return (
        WebhookEvent.objects.filter(
            received_at__date__lt=before,
            outcome__in=[WebhookEvent.Outcome.APPLIED, WebhookEvent.Outcome.IGNORED],
        )
        .exclude(payload={})
        .update(payload={})
    )
