"""Deleting a plan (GDPR art. 17) with crypto-erasure, and the audit of exports.

Threat model: after deletion nothing of the plan may be readable again, also not from rows
or files that outlive the delete (a backup, a replica, a file the storage failed to remove).
So the plan's key is erased FIRST and committed on its own: from then on every sealed row and
file of the plan is ciphertext under a key that exists nowhere in the database. Then the rows
go (goals, steps, ratings, entries, documents, shares, comments and the access log, by
cascade) and, after commit, the stored files and the de-identified outcome record
(``plan_deleted``). If the second step fails, the plan is already unreadable, and deleting
again finishes it. The audit entry names the action only, never the plan's content.

Limit (docs): a backup taken before the deletion still holds the plan's key sealed under the
server's key; it opens only with that server key. Backups are kept for a limited time only.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_record
from socius.plans import crypto
from socius.plans.audit import MODULE
from socius.plans.models import Document, Plan
from socius.plans.signals import plan_deleted

logger = logging.getLogger(__name__)

AUDIT_PLAN_DELETED = audit_action("plans.plan.delete", _("Plan deleted"), module=MODULE)
AUDIT_PLAN_EXPORTED = audit_action("plans.plan.export", _("Plan downloaded"), module=MODULE)


def plan_export_record(*, actor: Any, plan: Plan, kind: str) -> None:
    """Audit that the owner downloaded their plan (``kind``: "pdf" or "json")."""
    audit_record(actor=actor, action=AUDIT_PLAN_EXPORTED, target=plan, data={"format": kind})


def _files_delete(blobs: list[str]) -> None:
    for blob in blobs:
        try:
            default_storage.delete(blob)
        except OSError:
            # The file is sealed under the erased key: unreadable even if it stays.
            logger.warning("A sealed plan file could not be removed from storage.")


def plan_delete(*, actor: Any, plan: Plan) -> None:
    """Erase the plan's key, then its rows; its files and outcome record after commit."""
    try:
        outcome_id = str(crypto.unseal(plan, "plan", plan.sealed).get("outcome_id") or "")
    except crypto.SealedValueError:
        outcome_id = ""  # a second attempt after the key was already erased
    with transaction.atomic():
        crypto.key_erase(plan)
    blobs = list(Document.objects.filter(plan=plan).values_list("blob", flat=True))
    with transaction.atomic():
        audit_record(actor=actor, action=AUDIT_PLAN_DELETED, target=None, data={})
        Plan.objects.filter(pk=plan.pk).delete()
        transaction.on_commit(lambda: _files_delete(blobs))
        if outcome_id:
            transaction.on_commit(lambda: plan_deleted.send(sender=Plan, outcome_id=outcome_id))
