"""Every write of check-in: scans synced from door devices, and renewing an event's tickets.

The server never trusts a device's verdict: each scan's code is read and verified again here
(signature, event, key generation, registration and its status), and only then counted.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from socius.core.audit import audit_record
from socius.events.access import event_can_manage
from socius.events.checkin import audit, tickets
from socius.events.checkin.models import Scan, TicketKey
from socius.events.checkin.payload import ScanIn
from socius.events.checkin.tickets import Refusal
from socius.events.models import Event, Registration

if TYPE_CHECKING:
    from socius.accounts.models import User

# A device's clock is believed within these bounds (a phone offline for a day or two at a
# long conference); outside them the time the scan arrived is used.
CLOCK_PAST = datetime.timedelta(days=3)
CLOCK_FUTURE = datetime.timedelta(minutes=5)
# Statuses whose registrations can hold a ticket that is still in someone's hands.
TICKET_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.CANCELLED)


@dataclass(frozen=True)
class ScanResult:
    """What the server made of one scan (the device shows it and updates its list)."""

    index: int
    nonce: str
    outcome: str  # Scan.Outcome, or "refused" for scans that could not be stored
    reason: str = ""
    conflict: bool = False
    replayed: bool = False
    registration: str = ""
    first_name: str = ""
    party_size: int = 0
    checked_in_at: datetime.datetime | None = None


def first_name(registration: Registration) -> str:
    """The only part of a name the door list holds (docs: minimal data)."""
    parts = registration.name.split()
    return parts[0][:40] if parts else ""


def _scanned_at(text: str, now: datetime.datetime) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        value = None
    if value is None or timezone.is_naive(value):
        return now
    if not now - CLOCK_PAST <= value <= now + CLOCK_FUTURE:
        return now
    return value


class _ShortCodes:
    """The event's short codes, built once per sync and only when a short code arrives."""

    def __init__(self, event: Event, generation: int) -> None:
        self.event, self.generation = event, generation
        self._index: dict[str, int] | None = None

    def lookup(self, code: str) -> int | None:
        if self._index is None:
            self._index = {}
            for registration in Registration.objects.filter(
                event=self.event, status__in=TICKET_STATUSES
            ).only("pk", "public_id", "party_size"):
                token = tickets.token_text(
                    registration, event=self.event, generation=self.generation
                )
                self._index[tickets.short_code_of(token)] = registration.pk
        return self._index.get(code)


def _resolve(
    code: object, *, event: Event, generation: int, short_codes: _ShortCodes
) -> int | Refusal:
    """The registration a code names (its pk), after verifying it, or why it is refused."""
    read = tickets.code_read(code)
    if read.refusal is not None:
        return read.refusal
    if read.short_code:
        found = short_codes.lookup(read.short_code)
        return Refusal.UNKNOWN if found is None else found
    verdict = tickets.token_verify(read.compact, event=event, generation=generation)
    if isinstance(verdict, Refusal):
        return verdict
    pk = (
        Registration.objects.filter(event=event, public_id=verdict.registration_id)
        .values_list("pk", flat=True)
        .first()
    )
    return Refusal.UNKNOWN if pk is None else pk


def _refused(scan: ScanIn, reason: Refusal) -> ScanResult:
    return ScanResult(
        index=scan.index, nonce=str(scan.nonce or scan.raw_nonce), outcome="refused", reason=reason
    )


def _result_of(stored: Scan, *, index: int, replayed: bool) -> ScanResult:
    registration = stored.registration
    return ScanResult(
        index=index,
        nonce=str(stored.nonce),
        outcome=stored.outcome,
        reason=stored.reason,
        conflict=stored.conflict,
        replayed=replayed,
        registration=str(registration.public_id) if registration else "",
        first_name=first_name(registration) if registration else "",
        party_size=registration.party_size if registration else 0,
        checked_in_at=registration.checked_in_at if registration else None,
    )


def _reconcile(registration: Registration) -> None:
    """One check-in per registration: its earliest accepted scan (by the time it was read).
    Every later one is "already checked in", a conflict when read on another device."""
    accepted = list(
        Scan.objects.filter(registration=registration)
        .exclude(outcome=Scan.Outcome.REFUSED)
        .order_by("scanned_at", "id")
    )
    if not accepted:
        return
    first = accepted[0]
    for scan in accepted:
        outcome = Scan.Outcome.CHECKED_IN if scan is first else Scan.Outcome.ALREADY
        conflict = scan is not first and scan.device != first.device
        if (scan.outcome, scan.conflict) != (outcome, conflict):
            scan.outcome, scan.conflict = outcome, conflict
            scan.save(update_fields=["outcome", "conflict", "updated_at"])
    if registration.checked_in_at != first.scanned_at:
        registration.checked_in_at = first.scanned_at
        registration.save(update_fields=["checked_in_at", "updated_at"])


def _store(scan: Scan) -> Scan | None:
    """Insert ``scan``; None when its nonce is already stored (a replay racing this one)."""
    try:
        with transaction.atomic():
            scan.save()
    except IntegrityError:
        return None
    return scan


def _scan_one(
    scan: ScanIn,
    *,
    actor: User,
    event: Event,
    device: str,
    now: datetime.datetime,
    resolve: Callable[[object], int | Refusal],
) -> tuple[ScanResult, bool]:
    """One scan: (its result, whether it was stored now)."""
    if scan.nonce is None:
        return _refused(scan, Refusal.MALFORMED), False
    existing = Scan.objects.filter(event=event, nonce=scan.nonce).select_related("registration")
    if (stored := existing.first()) is not None:
        return _result_of(stored, index=scan.index, replayed=True), False
    verdict = resolve(scan.code)
    row = Scan(
        event=event,
        nonce=scan.nonce,
        device=device,
        scanned_at=_scanned_at(scan.scanned_at, now),
        received_at=now,
        synced_by=actor,
    )
    if isinstance(verdict, Refusal):
        row.outcome, row.reason = Scan.Outcome.REFUSED, verdict
        if _store(row) is None:
            return _result_of(existing.get(), index=scan.index, replayed=True), False
        return _result_of(row, index=scan.index, replayed=False), True
    # The row lock orders concurrent syncs of the same registration from several devices.
    registration = Registration.objects.select_for_update().get(pk=verdict)
    row.registration = registration
    if registration.status != Registration.Status.CONFIRMED:
        reason = (
            Refusal.CANCELLED
            if registration.status == Registration.Status.CANCELLED
            else Refusal.NO_SEAT
        )
        row.outcome, row.reason = Scan.Outcome.REFUSED, reason
    else:
        row.outcome = Scan.Outcome.ALREADY  # until reconciled
    if _store(row) is None:
        return _result_of(existing.get(), index=scan.index, replayed=True), False
    if row.outcome != Scan.Outcome.REFUSED:
        _reconcile(registration)
        row.refresh_from_db(fields=["outcome", "conflict"])
    return _result_of(row, index=scan.index, replayed=False), True


@transaction.atomic
def scans_sync(
    *,
    actor: User,
    event: Event,
    device: str,
    scans: list[ScanIn],
    now: datetime.datetime | None = None,
) -> list[ScanResult]:
    """Record the scans a door device sends, idempotent by each scan's nonce.

    Every code is verified again; the first accepted scan of a registration checks it in
    (``Registration.checked_in_at``), later ones answer "already checked in" with the time,
    and scans of one registration on two devices are reconciled into one check-in with the
    later flagged as a conflict. Refused scans are stored with their reason (never the text)."""
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied
    now = now or timezone.now()
    generation = tickets.key_generation(event)
    short_codes = _ShortCodes(event, generation)

    def resolve(code: object) -> int | Refusal:
        return _resolve(code, event=event, generation=generation, short_codes=short_codes)

    results: list[ScanResult] = []
    stored = 0
    for scan in scans:
        result, new = _scan_one(
            scan, actor=actor, event=event, device=device, now=now, resolve=resolve
        )
        results.append(result)
        stored += new
    if stored:
        audit_record(
            actor=actor,
            action=audit.AUDIT_SCANS_SYNCED,
            target=event,
            data={
                "device": device,
                "stored": stored,
                "checked_in": sum(r.outcome == Scan.Outcome.CHECKED_IN for r in results),
                "refused": sum(r.outcome == Scan.Outcome.REFUSED for r in results),
            },
        )
    return results


@transaction.atomic
def ticket_key_rotate(*, actor: User, event: Event) -> int:
    """Renew every ticket of ``event``: the key's next generation. Old tickets are refused
    from now on; people find the new one on their personal page. Returns the generation."""
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied
    key, _created = TicketKey.objects.select_for_update().get_or_create(event=event)
    key.generation += 1
    key.save(update_fields=["generation", "updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_TICKETS_RENEWED,
        target=event,
        data={"generation": key.generation},
    )
    return key.generation


def new_nonce() -> str:
    """A nonce for a scan typed into the page without scripts (the form carries it, so a
    form sent twice is one scan)."""
    return str(uuid.uuid4())
