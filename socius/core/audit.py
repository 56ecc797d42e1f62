"""Writing to and verifying the audit log (see models/audit.py for the threat model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from socius.core.models.audit import GENESIS_HASH, AuditEntry

if TYPE_CHECKING:
    from socius.accounts.models import User


# Any 64-bit constant works; it names the one advisory lock that serialises appends.
_PG_AUDIT_LOCK = 0x50C1_05_A0D1


def _actor_id(actor: User | None) -> int | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return int(actor.pk)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Call inside the service's transaction."""
    normalised = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])
        # On SQLite the IMMEDIATE transaction mode already holds the write lock here.
        head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=_actor_id(actor),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=normalised,
            prev_hash=head or GENESIS_HASH,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def audit_verify(entries: Iterator[AuditEntry] | None = None) -> Iterator[ChainBreak | int]:
    """Walk the chain in order; yield each verified entry's id, or the first break and stop."""
    expected_prev = GENESIS_HASH
    source = entries if entries is not None else AuditEntry.objects.order_by("id").iterator(2000)
    for entry in source:
        if entry.prev_hash != expected_prev:
            yield ChainBreak(entry.pk, "previous hash does not match the entry before it")
            return
        if entry.compute_hash() != entry.hash:
            yield ChainBreak(entry.pk, "content does not match its hash")
            return
        expected_prev = entry.hash
        yield entry.pk
