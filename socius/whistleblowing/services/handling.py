"""Writes on the handler's side: keys, state changes, messages, identity, holds, deletion.

Each function takes the acting user and is audited. The private keys it needs are passed
in by the view (from keystore); they never reach the database.
"""

from __future__ import annotations

import base64
import datetime
import json
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can, users_with_capability
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.whistleblowing import crypto, keystore
from socius.whistleblowing.access import report_private_key
from socius.whistleblowing.audit import (
    AUDIT_ATTACHMENT_DOWNLOADED,
    AUDIT_CASE_DELETED,
    AUDIT_CASE_EXPORTED,
    AUDIT_CASE_HOLD,
    AUDIT_CASE_VIEWED,
    AUDIT_HANDLER_MESSAGE,
    AUDIT_IDENTITY_DECIDED,
    AUDIT_IDENTITY_REQUESTED,
    AUDIT_IDENTITY_VIEWED,
    AUDIT_INBOX_VIEWED,
    AUDIT_KEY_CREATED,
    AUDIT_KEY_GRANTED,
    AUDIT_KEY_UNLOCK_FAILED,
    AUDIT_KEY_UNLOCKED,
)
from socius.whistleblowing.models import (
    Attachment,
    Channel,
    DeletionRecord,
    HandlerKey,
    HandlerKeyApproval,
    IdentityRequest,
    Message,
    Report,
    ReportKeyGrant,
    StateChange,
)
from socius.whistleblowing.services.reporting import (
    attachment_add,
    attachments_add,
    retention_extend,
    storage_dir,
)
from socius.whistleblowing.workflows import CASE_WORKFLOW, CaseState, report_handled_by

if TYPE_CHECKING:
    from socius.accounts.models import User


# --- Keys -------------------------------------------------------------------------------------
@transaction.atomic
def handler_key_create(*, actor: User, passphrase: str) -> str:
    """Make the handler's key pair; return the recovery key (shown once, never stored)."""
    if HandlerKey.objects.filter(user=actor).exists():
        raise ValidationError(_("You already have a key."))
    if len(passphrase) < 12:
        raise ValidationError(_("The passphrase must have at least 12 characters."))
    material = crypto.handler_keys_create(passphrase)
    HandlerKey.objects.create(
        user=actor,
        public_key=material.public_key,
        salt=material.salt,
        kdf_ops=material.ops,
        kdf_mem=material.mem,
        private_under_passphrase=material.private_under_passphrase,
        private_under_recovery=material.private_under_recovery,
    )
    audit_record(actor=actor, action=AUDIT_KEY_CREATED, target=None)
    return material.recovery_key


def handler_key_unlock(
    *,
    actor: User,
    session_key: str,
    passphrase: str = "",
    recovery_key: str = "",
    new_passphrase: str = "",
) -> str | None:
    """Open the private key with the passphrase or the recovery key (then set a new passphrase).

    Kept for the session, split between the database and the browser (keystore.py): returns
    the browser's half, the value of the `keystore.HANDLER_COOKIE` cookie, or None when the
    key did not open. Then grants missing copies of report keys to the other handlers of the
    reports this handler can open."""
    key = HandlerKey.objects.filter(user=actor).first()
    if key is None:
        return None
    try:
        if recovery_key:
            private = crypto.box_decrypt(
                crypto.recovery_key_parse(recovery_key), bytes(key.private_under_recovery)
            )
        else:
            derived = crypto.passphrase_key(passphrase, bytes(key.salt), key.kdf_ops, key.kdf_mem)
            private = crypto.box_decrypt(derived, bytes(key.private_under_passphrase))
    except crypto.DecryptionError:
        audit_record(actor=actor, action=AUDIT_KEY_UNLOCK_FAILED, target=None)
        return None
    with transaction.atomic():
        if recovery_key:
            if len(new_passphrase) < 12:
                raise ValidationError(_("The passphrase must have at least 12 characters."))
            salt = crypto.access_salt()
            # A new passphrase also takes today's Argon2id parameters.
            key.salt = salt
            key.kdf_ops, key.kdf_mem = settings.WHISTLEBLOWING_KDF["handler"]
            key.private_under_passphrase = crypto.box_encrypt(
                crypto.passphrase_key(new_passphrase, salt, key.kdf_ops, key.kdf_mem), private
            )
            key.save(
                update_fields=[
                    "salt",
                    "kdf_ops",
                    "kdf_mem",
                    "private_under_passphrase",
                    "updated_at",
                ]
            )
        audit_record(
            actor=actor,
            action=AUDIT_KEY_UNLOCKED,
            target=None,
            data={"recovery": bool(recovery_key)},
        )
        cookie = keystore.handler_key_put(session_key, actor.pk, private)
        grants_complete(actor=actor, handler_private_key=private)
    return cookie


def grants_complete(*, actor: User, handler_private_key: bytes) -> int:
    """Seal report keys this handler holds to co-handlers who lack them (new handlers/keys).

    Only to keys this handler approved itself: the approval's signature must verify with the
    key derived from ``handler_private_key`` (never a key read from the database), over the
    channel, the co-handler and the co-handler's current public key. A handler added, a key
    planted or swapped, or an approval row written straight into the database gets nothing
    (docs/whistleblowing.md, "Handler keys"; whistleblowing/approvals.py).
    A handful of queries for any number of reports: unlocking must stay quick with 1,000s."""
    own = dict(
        ReportKeyGrant.objects.filter(user=actor).values_list("report_id", "sealed_private_key")
    )
    if not own:
        return 0
    report_channel = dict(Report.objects.filter(pk__in=own).values_list("pk", "channel_id"))
    keyed = dict(HandlerKey.objects.values_list("user_id", "public_key"))
    signed: set[tuple[int, int]] = set()
    for channel_id, user_id, public_key, signature in HandlerKeyApproval.objects.filter(
        channel_id__in=set(report_channel.values()),
        approved_by=actor,
        method=HandlerKeyApproval.Method.HANDLER,
    ).values_list("channel_id", "user_id", "public_key", "signature"):
        current = keyed.get(user_id)
        if current is None or bytes(current) != bytes(public_key):
            continue
        message = crypto.approval_message(channel_id, user_id, bytes(current))
        if crypto.approval_verify(handler_private_key, message, bytes(signature)):
            signed.add((channel_id, user_id))
    handlers: dict[int, set[int]] = {}
    for channel_id, user_id in Channel.handlers.through.objects.filter(
        channel_id__in=set(report_channel.values()), user__is_active=True
    ).values_list("channel_id", "user_id"):
        if (channel_id, user_id) in signed:
            handlers.setdefault(channel_id, set()).add(user_id)
    have = set(ReportKeyGrant.objects.filter(report_id__in=own).values_list("report_id", "user_id"))
    excluded = set(
        Report.excluded_handlers.through.objects.filter(report_id__in=own).values_list(
            "report_id", "user_id"
        )
    )
    added = 0
    for report_id, channel_id in report_channel.items():
        missing = [
            u
            for u in handlers.get(channel_id, set())
            if (report_id, u) not in have and (report_id, u) not in excluded
        ]
        if not missing:
            continue
        private = crypto.unseal(handler_private_key, bytes(own[report_id]))
        for user_id in missing:
            ReportKeyGrant.objects.create(
                report_id=report_id,
                user_id=user_id,
                sealed_private_key=crypto.seal(bytes(keyed[user_id]), private),
            )
            audit_record(
                actor=actor,
                action=AUDIT_KEY_GRANTED,
                target=Report(pk=report_id),
                data={"handler": user_id},
            )
            added += 1
    return added


# --- The case ---------------------------------------------------------------------------------
def _require_handler(actor: Any, report: Report) -> None:
    """PermissionDenied unless ``actor`` handles the report (no query for a report found by
    whistleblowing.access.report_for_handler for the same person)."""
    if not report_handled_by(actor, report):
        raise PermissionDenied


def channel_inbox_viewed(*, actor: Any, channel: Channel) -> None:
    """Log that a handler of ``channel`` looked at its inbox."""
    if not (
        user_can(actor, Capability.WHISTLEBLOWING_HANDLE)
        and channel.handlers.filter(pk=actor.pk).exists()
    ):
        raise PermissionDenied
    audit_record(actor=actor, action=AUDIT_INBOX_VIEWED, target=channel)


def case_exported(*, actor: Any, report: Report, fmt: str) -> None:
    """Log that a handler took the case out of the platform (CSV or PDF)."""
    _require_handler(actor, report)
    audit_record(actor=actor, action=AUDIT_CASE_EXPORTED, target=report, data={"format": fmt})


def case_content(report: Report, private_key: bytes) -> dict[str, str]:
    return dict(json.loads(crypto.unseal_text(private_key, bytes(report.sealed_content))))


def case_opened(*, actor: User, report: Report) -> None:
    """Log that the handler read the case."""
    _require_handler(actor, report)
    audit_record(actor=actor, action=AUDIT_CASE_VIEWED, target=report)


@transaction.atomic
def case_transition(
    *, actor: User, report: Report, name: str, message: str = "", reason: str = ""
) -> None:
    """Move the case along the workflow; the message goes to the reporter."""
    transition = CASE_WORKFLOW.check(actor=actor, obj=report, name=name)
    if "message" in transition.requires and not message.strip():
        raise ValidationError(_("Write a message to the reporter for this step."))
    if "reason" in transition.requires and not reason.strip():
        raise ValidationError(_("Give the reason."))
    public = bytes(report.public_key)
    StateChange.objects.create(
        report=report,
        actor=actor,
        source=report.state,
        target=transition.target,
        sealed_reason=crypto.seal_text(public, reason) if reason else None,
    )
    today = timezone.localdate()
    changes: dict[str, Any] = {}
    if transition.target == CaseState.ACKNOWLEDGED:
        changes["acknowledged_on"] = today
    if transition.target == CaseState.CLOSED:
        changes["closed_on"] = today
    retention_extend(report)
    changes["delete_after"] = report.delete_after
    CASE_WORKFLOW.apply(actor=actor, obj=report, name=name, changes=changes)
    if message.strip():
        Message.objects.create(
            report=report,
            author=Message.Author.HANDLER,
            handler=actor,
            sealed_body=crypto.seal_text(public, message),
        )


@transaction.atomic
def handler_message(
    *, actor: User, report: Report, body: str, kind: str = Message.Kind.MESSAGE
) -> Message:
    """A message, minutes of an oral report, or an internal note (not shown to the reporter)."""
    _require_handler(actor, report)
    if not body.strip():
        raise ValidationError(_("Write a message."))
    if kind not in Message.Kind.values:
        raise ValidationError(_("Choose what kind of text this is."))
    message = Message.objects.create(
        report=report,
        author=Message.Author.HANDLER,
        kind=kind,
        handler=actor,
        sealed_body=crypto.seal_text(bytes(report.public_key), body),
    )
    retention_extend(report)
    report.save(update_fields=["delete_after", "updated_at"])
    audit_record(actor=actor, action=AUDIT_HANDLER_MESSAGE, target=report, data={"kind": kind})
    return message


def handler_attachment(*, actor: User, report: Report, upload: UploadedFile) -> Attachment:
    return attachment_add(report=report, upload=upload, from_reporter=False, actor=actor)


def handler_attachments(
    *, actor: User, report: Report, uploads: list[UploadedFile]
) -> list[Attachment]:
    """A handler's files for the case: all of them or none (see ``attachments_add``)."""
    return attachments_add(report=report, uploads=uploads, from_reporter=False, actor=actor)


def attachment_downloaded(*, actor: User, report: Report, attachment: Attachment) -> None:
    """Log that a handler of ``report`` downloaded one of its files."""
    _require_handler(actor, report)
    if attachment.report_id != report.pk:
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AUDIT_ATTACHMENT_DOWNLOADED,
        target=report,
        data={"attachment": str(attachment.public_id)},
    )


# --- Identity ---------------------------------------------------------------------------------
@transaction.atomic
def identity_request(*, actor: User, report: Report, legal_ground: str) -> IdentityRequest:
    """Ask to see the reporter's identity; a custodian must approve."""
    _require_handler(actor, report)
    if not report.sealed_identity:
        raise ValidationError(_("The reporter has not given an identity."))
    ground = legal_ground.strip()
    if not ground:
        raise ValidationError(_("State the legal ground."))
    custodians = custodian_keys(exclude=actor)
    if not custodians:
        raise ValidationError(
            _(
                "No custodian has a key yet, so nobody could read the legal ground. Ask a "
                "custodian to make one on the whistleblower page."
            )
        )
    public = bytes(report.public_key)
    notice = _(
        "Notice: your identity will be disclosed to the handler of your case. Legal ground: %(ground)s"
    ) % {"ground": ground}
    request = IdentityRequest.objects.create(
        report=report,
        requested_by=actor,
        sealed_legal_ground=crypto.seal_text(public, ground),
        sealed_notice=crypto.seal_text(public, notice),
        custodian_copies={
            str(user_id): base64.b64encode(crypto.seal_text(key, ground)).decode("ascii")
            for user_id, key in custodians.items()
        },
    )
    audit_record(
        actor=actor,
        action=AUDIT_IDENTITY_REQUESTED,
        target=report,
        data={"request": request.pk},
    )
    return request


@transaction.atomic
def identity_decide(*, actor: User, request: IdentityRequest, approve: bool) -> None:
    """A custodian, not the requester, approves or refuses; approval sends the written notice."""
    if (
        not user_can(actor, Capability.WHISTLEBLOWING_CUSTODIAN)
        or actor.pk == request.requested_by_id
    ):
        raise ValidationError(_("Another person, a custodian, must decide this request."))
    if request.status != IdentityRequest.Status.PENDING:
        raise ValidationError(_("The request has already been decided."))
    if str(actor.pk) not in request.custodian_copies:
        # Only a custodian who could read the legal ground decides on it.
        raise ValidationError(
            _("This request was sealed for other custodians. One of them must decide it.")
        )
    request.status = IdentityRequest.Status.APPROVED if approve else IdentityRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    report = request.report
    if approve:
        Message.objects.create(
            report=report, author=Message.Author.SYSTEM, sealed_body=request.sealed_notice
        )
    audit_record(
        actor=actor,
        action=AUDIT_IDENTITY_DECIDED,
        target=report,
        data={"request": request.pk, "approved": approve},
    )


def custodian_keys(*, exclude: User) -> dict[int, bytes]:
    """The public keys of the custodians (other than ``exclude``) who have a key pair."""
    custodians = users_with_capability(Capability.WHISTLEBLOWING_CUSTODIAN).exclude(pk=exclude.pk)
    return {
        user_id: bytes(key)
        for user_id, key in HandlerKey.objects.filter(user__in=custodians).values_list(
            "user_id", "public_key"
        )
    }


def identity_ground_for_custodian(
    *, actor: User, request: IdentityRequest, private_key: bytes | None
) -> str | None:
    """The legal ground as the custodian ``actor`` reads it with their unlocked key; None when
    the key is locked or the request was not sealed for them."""
    copy = request.custodian_copies.get(str(actor.pk))
    if copy is None or private_key is None:
        return None
    try:
        return crypto.unseal_text(private_key, base64.b64decode(copy))
    except crypto.DecryptionError:
        return None


def identity_approved(*, actor: User, report: Report) -> bool:
    return IdentityRequest.objects.filter(
        report=report, requested_by=actor, status=IdentityRequest.Status.APPROVED
    ).exists()


def identity_reveal(*, actor: User, report: Report, private_key: bytes) -> str:
    """The identity, for a handler with an approved request; audited each time."""
    if not identity_approved(actor=actor, report=report):
        raise ValidationError(_("You need an approved request to see the identity."))
    audit_record(actor=actor, action=AUDIT_IDENTITY_VIEWED, target=report)
    return crypto.unseal_text(
        private_key, bytes(report.sealed_identity) if report.sealed_identity else None
    )


# --- Holds and deletion -------------------------------------------------------------------------
@transaction.atomic
def legal_hold_set(*, actor: User, report: Report, reason: str) -> None:
    """Put the case on hold (never deleted) with a reason, or lift the hold with an empty one."""
    _require_handler(actor, report)
    reason = reason.strip()
    report.legal_hold = bool(reason)
    report.sealed_hold_reason = (
        crypto.seal_text(bytes(report.public_key), reason) if reason else None
    )
    report.save(update_fields=["legal_hold", "sealed_hold_reason", "updated_at"])
    audit_record(actor=actor, action=AUDIT_CASE_HOLD, target=report, data={"on": bool(reason)})


def legal_hold_reason(report: Report, private_key: bytes) -> str:
    """The reason of the case's legal hold ("" without one), for a handler with its key."""
    sealed = report.sealed_hold_reason
    return crypto.unseal_text(private_key, bytes(sealed) if sealed else None)


def reports_purge(*, today: datetime.date | None = None) -> int:
    """Delete every case past its deletion date without a legal hold; keep a bare record."""
    today = today or timezone.localdate()
    count = 0
    due = Report.objects.filter(delete_after__lt=today, legal_hold=False).select_related("channel")
    for report in due:
        with transaction.atomic():
            files = list(report.attachments.values_list("storage_name", flat=True))
            DeletionRecord.objects.create(
                channel=report.channel,
                received_month=report.received_on.replace(day=1),
                final_state=report.state,
                deleted_on=today,
            )
            audit_record(actor=None, action=AUDIT_CASE_DELETED, target=report)
            public_id = str(report.public_id)
            report.delete()
            transaction.on_commit(partial(_files_remove, files))
        keystore.reporter_tokens_drop_for(public_id)
        count += 1
    return count


def _files_remove(names: list[str]) -> None:
    folder = storage_dir()
    for name in names:
        (folder / name).unlink(missing_ok=True)


def orphan_files_remove(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Ciphertext files left by a rolled-back submission (no row points to them)."""
    known = set(Attachment.objects.values_list("storage_name", flat=True))
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = 0
    for path in storage_dir().iterdir():
        if path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


__all__ = ["report_private_key"]
