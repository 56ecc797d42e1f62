"""The append-only audit log.

Threat model: an insider with database access (or a bug) alters or deletes past entries to
hide what someone did. Each entry stores the SHA-256 of its own canonical content and the
hash of the entry before it, so a changed entry, a removed entry with entries after it, and a
reordering all break the chain at that point; ``manage.py audit_verify`` reports the first
broken link. The model and its queryset refuse updates and deletes in Python, and a trigger
(SQLite and PostgreSQL) makes the database refuse UPDATE. Limits: DELETE is not refused by a
trigger (the test runner must empty tables), so removing the newest entries leaves a
consistent but shorter chain, and someone who can drop the trigger and rewrite the tail can
forge a consistent chain. Anchor the head hash that ``audit_verify`` prints outside the
database (docs/operations.md) to detect both.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Who did what to which object, when; chained by hashes."""

    created_at = models.DateTimeField(_("time"), db_index=True)
    # No foreign key constraint: the log outlives accounts and must never be rewritten
    # (a SET NULL would be an UPDATE). The id is pseudonymous once the account is anonymised.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def compute_hash(self) -> str:
        """SHA-256 over the entry's canonical JSON, including the previous entry's hash."""
        payload = {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
