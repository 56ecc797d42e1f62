"""Writes on the reporter's side: submitting, the receipt, messages, files, identity.

Every function keeps plaintext in memory only and stores ciphertext (docs/whistleblowing.md).
The reporter is never an ``actor`` in the audit log: entries for reporter actions have no
actor and no data that could identify anyone.
"""

from __future__ import annotations

import base64
import datetime
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.storage import file_new, files_removed_on_error, media_full_refused
from socius.whistleblowing import approvals, crypto, keystore
from socius.whistleblowing.audit import (
    AUDIT_ATTACHMENT_ADDED,
    AUDIT_ESCROW_GRANTED,
    AUDIT_HANDLER_EXCLUDED,
    AUDIT_IDENTITY_GIVEN,
    AUDIT_MINUTES_APPROVED,
    AUDIT_REPORT_RECEIVED,
    AUDIT_REPORTER_MESSAGE,
)
from socius.whistleblowing.files import upload_check
from socius.whistleblowing.mail import MAIL_CASE_ACTIVITY
from socius.whistleblowing.models import (
    Attachment,
    Channel,
    Message,
    Report,
    ReportKeyGrant,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


CONTENT_FIELDS = ("what", "when", "where", "who", "how_known", "evidence", "contact_wish")


def storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "whistleblowing"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def retention_extend(report: Report) -> None:
    """Retention counts from the last activity: push the deletion date forward."""
    candidate = timezone.localdate() + datetime.timedelta(days=report.channel.retention_days)
    if candidate > report.delete_after:
        report.delete_after = candidate


def channel_handlers(channel: Channel, *, excluded: set[int] | None = None) -> list[Any]:
    handlers = channel.handlers.filter(is_active=True).order_by("pk")
    return [h for h in handlers if h.pk not in (excluded or set())]


def _escrow(report: Report, private_key: bytes) -> None:
    escrow = settings.WHISTLEBLOWING_ESCROW_PUBLIC_KEY
    if not escrow:
        return
    ReportKeyGrant.objects.create(
        report=report,
        user=None,
        is_escrow=True,
        sealed_private_key=crypto.seal(base64.b64decode(escrow), private_key),
    )
    audit_record(actor=None, action=AUDIT_ESCROW_GRANTED, target=report)


def notify_handlers(report: Report, event: str) -> None:
    """Mail each handler (not the excluded) that something happened; never content or identity."""
    excluded = set(report.excluded_handlers.values_list("pk", flat=True))
    notify(
        recipients=channel_handlers(report.channel, excluded=excluded),
        kind=MAIL_CASE_ACTIVITY,
        template="whistleblowing/mail/activity",
        context={"channel": report.channel, "event": event},
        link=reverse("whistleblowing:handler-case", args=[report.public_id]),
    )


EXTERNAL_CHANNEL_URL = "https://whistleblower.dk/"


def channel_closed_message() -> str:
    """What a reporter reads when a channel has nobody who could read a report."""
    return _(
        "This channel cannot receive reports right now, because no handler is ready to read "
        "them. Your report has not been sent. You can report to the national external "
        "whistleblower channel at the Danish Data Protection Agency (Datatilsynet) instead: "
        "%(url)s"
    ) % {"url": EXTERNAL_CHANNEL_URL}


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: str


# For the log when the media disk is full: the kind of file, never its name or size.
_ATTACHMENT = "an encrypted whistleblower attachment"


def report_submit(
    *,
    channel: Channel,
    content: dict[str, str],
    identity: str = "",
    kind: str = Report.Kind.WRITTEN,
    recording_consent: bool = False,
    excluded_handler_ids: list[int] | None = None,
    uploads: list[UploadedFile] | None = None,
) -> Submitted:
    """Store a new report sealed to its own key, grant it to the channel's handlers, return the
    receipt (shown once, never stored). The report is stored with all its files or not at all:
    a failed write or commit removes the files already written, and a full disk is refused
    with a message (``ValidationError``) for the reporter's form."""
    # The transaction inside: a failed commit removes the files too.
    with (
        media_full_refused(_ATTACHMENT),
        files_removed_on_error() as written,
        transaction.atomic(),
    ):
        return _report_store(
            channel=channel,
            content=content,
            identity=identity,
            kind=kind,
            recording_consent=recording_consent,
            excluded_handler_ids=excluded_handler_ids,
            uploads=uploads or [],
            written=written,
        )


def _report_store(
    *,
    channel: Channel,
    content: dict[str, str],
    identity: str,
    kind: str,
    recording_consent: bool,
    excluded_handler_ids: list[int] | None,
    uploads: list[UploadedFile],
    written: list[Path],
) -> Submitted:
    if len(uploads) > settings.WHISTLEBLOWING_MAX_FILES:
        raise ValidationError(
            _("You can attach at most %(n)s files.") % {"n": settings.WHISTLEBLOWING_MAX_FILES}
        )
    names = [upload_check(u) for u in uploads]
    handlers = channel_handlers(channel)
    excluded = set(excluded_handler_ids or []) & {h.pk for h in handlers}
    # Sealed only to approved keys (whistleblowing/approvals.py): a handler added or a key
    # planted by writing to the database never receives a report.
    approved = approvals.channel_keys(channel)
    if not channel.is_active or not approved:
        raise ValidationError(channel_closed_message())
    readers = {pk: key for pk, key in approved.items() if pk not in excluded}
    if not readers:
        raise ValidationError(_("At least one handler must be able to read your report."))
    pair = crypto.keypair_generate()
    receipt = crypto.receipt_generate()
    salt = crypto.access_salt()
    now = timezone.now()
    report = Report(
        channel=channel,
        kind=kind,
        public_key=pair.public,
        receipt_hash=crypto.receipt_hash(receipt),
        access_salt=salt,
        private_under_receipt=crypto.box_encrypt(
            crypto.receipt_access_key(receipt, salt), pair.private
        ),
        sealed_content=crypto.seal_text(
            pair.public,
            json.dumps({k: content.get(k, "") for k in CONTENT_FIELDS}, ensure_ascii=False),
        ),
        sealed_identity=crypto.seal_text(pair.public, identity) if identity else None,
        recording_consent=recording_consent,
        received_on=timezone.localdate(now),
        reporter_active_at=now,
        delete_after=timezone.localdate(now) + datetime.timedelta(days=channel.retention_days),
    )
    report.save()
    report.excluded_handlers.set(excluded)
    ReportKeyGrant.objects.bulk_create(
        ReportKeyGrant(
            report=report,
            user_id=pk,
            sealed_private_key=crypto.seal(public_key, pair.private),
        )
        for pk, public_key in readers.items()
    )
    _escrow(report, pair.private)
    for upload, name in zip(uploads, names, strict=True):
        _attachment_store(report, upload, name, from_reporter=True, written=written)
    audit_record(
        actor=None, action=AUDIT_REPORT_RECEIVED, target=report, data={"channel": channel.slug}
    )
    notify_handlers(report, "new")
    return Submitted(report, receipt)


def _attachment_store(
    report: Report, upload: UploadedFile, name: str, *, from_reporter: bool, written: list[Path]
) -> Attachment:
    key = crypto.file_key()
    storage = secrets.token_hex(16)
    path = storage_dir() / storage
    with file_new(path) as out:  # removed again if the write fails (a full disk)
        written.append(path)
        size = crypto.stream_encrypt(upload.chunks(crypto.CHUNK), key, out)
    return Attachment.objects.create(
        report=report,
        from_reporter=from_reporter,
        storage_name=storage,
        sealed_name=crypto.seal_text(bytes(report.public_key), name),
        sealed_file_key=crypto.seal(bytes(report.public_key), key),
        size=size,
    )


def attachment_add(
    *, report: Report, upload: UploadedFile, from_reporter: bool, actor: User | None = None
) -> Attachment:
    """Encrypt one more file to the report (reporter or handler)."""
    return attachments_add(
        report=report, uploads=[upload], from_reporter=from_reporter, actor=actor
    )[0]


def attachments_add(
    *,
    report: Report,
    uploads: list[UploadedFile],
    from_reporter: bool,
    actor: User | None = None,
) -> list[Attachment]:
    """Encrypt more files to the report (reporter or handler): all of them or none, so a
    refusal (too many files, a full disk) leaves the case as it was and the person can send
    the same files again."""
    if report.attachments.count() + len(uploads) > settings.WHISTLEBLOWING_MAX_FILES:
        raise ValidationError(
            _("You can attach at most %(n)s files.") % {"n": settings.WHISTLEBLOWING_MAX_FILES}
        )
    names = [upload_check(upload) for upload in uploads]
    with (
        media_full_refused(_ATTACHMENT),
        files_removed_on_error() as written,
        transaction.atomic(),
    ):
        attachments = [
            _attachment_store(report, upload, name, from_reporter=from_reporter, written=written)
            for upload, name in zip(uploads, names, strict=True)
        ]
        _touch(report, reporter=from_reporter)
        for _attachment in attachments:
            audit_record(actor=actor, action=AUDIT_ATTACHMENT_ADDED, target=report)
        if from_reporter:
            notify_handlers(report, "file")
    return attachments


def attachment_read(attachment: Attachment, private_key: bytes) -> tuple[str, bytes]:
    """The clear name and content; DecryptionError on a changed or truncated file."""
    name = crypto.unseal_text(private_key, bytes(attachment.sealed_name))
    key = crypto.unseal(private_key, bytes(attachment.sealed_file_key))
    path = storage_dir() / attachment.storage_name
    try:
        source = path.open("rb")
    except OSError as exc:
        raise crypto.DecryptionError from exc
    with source:
        return name, b"".join(crypto.stream_decrypt(source, key))


def _touch(report: Report, *, reporter: bool) -> None:
    if reporter:
        report.reporter_active_at = timezone.now()
    retention_extend(report)
    report.save(update_fields=["reporter_active_at", "delete_after", "updated_at"])


# --- The receipt --------------------------------------------------------------------------------
_DUMMY_SALT = b"\x00" * 16
_DUMMY_BOX = crypto.box_encrypt(b"\x01" * 32, b"\x00" * 32)


def receipt_normalise(text: str) -> str:
    """Digits only; look-alike digits (full-width, Arabic-Indic) count as their ASCII digit."""
    digits = []
    for ch in text:
        if ch.isspace() or ch in "-.":
            continue
        if not ch.isdecimal():
            return ""
        digits.append(str(int(ch)))
    return "".join(digits)


def receipt_open(text: str) -> tuple[Report, bytes] | None:
    """The report and its private key, or None: one answer for unknown, expired, deleted or
    mistyped receipts, after the same Argon2id work."""
    receipt = receipt_normalise(text)
    candidate = receipt if len(receipt) == crypto.RECEIPT_DIGITS else "0" * crypto.RECEIPT_DIGITS
    hashed = crypto.receipt_hash(candidate)
    report = Report.objects.select_related("channel").filter(receipt_hash=hashed).first()
    if candidate != receipt:
        report = None
    salt = bytes(report.access_salt) if report else _DUMMY_SALT
    key = crypto.receipt_access_key(candidate, salt)
    try:
        private = crypto.box_decrypt(
            key, bytes(report.private_under_receipt) if report else _DUMMY_BOX
        )
    except crypto.DecryptionError:
        return None
    if report is None:
        return None
    lapse = datetime.timedelta(days=report.channel.reporter_access_days)
    if report.reporter_active_at + lapse < timezone.now():
        return None
    report.reporter_active_at = timezone.now()
    report.save(update_fields=["reporter_active_at", "updated_at"])
    return report, private


# --- Reporter actions in the inbox -------------------------------------------------------------
@transaction.atomic
def reporter_message(*, report: Report, body: str) -> Message:
    """A message from the reporter to the handlers."""
    message = Message.objects.create(
        report=report,
        author=Message.Author.REPORTER,
        sealed_body=crypto.seal_text(bytes(report.public_key), body),
    )
    _touch(report, reporter=True)
    audit_record(actor=None, action=AUDIT_REPORTER_MESSAGE, target=report)
    notify_handlers(report, "message")
    return message


@transaction.atomic
def reporter_identity_give(*, report: Report, identity: str) -> None:
    """Give (or replace) the identity later; sealed apart from the content."""
    report.sealed_identity = crypto.seal_text(bytes(report.public_key), identity)
    report.save(update_fields=["sealed_identity", "updated_at"])
    _touch(report, reporter=True)
    audit_record(actor=None, action=AUDIT_IDENTITY_GIVEN, target=report)


@transaction.atomic
def reporter_minutes_answer(
    *, report: Report, minutes_id: str, approve: bool, comment: str
) -> None:
    """Approve the handler's minutes of an oral report, or send a correction."""
    minutes = Message.objects.filter(
        report=report, kind=Message.Kind.MINUTES, public_id=minutes_id
    ).first()
    if minutes is None:
        raise ValidationError(_("The minutes were not found."))
    if approve:
        minutes.approved_at = timezone.now()
        minutes.save(update_fields=["approved_at"])
        audit_record(actor=None, action=AUDIT_MINUTES_APPROVED, target=report)
    if comment:
        reporter_message(report=report, body=comment)
    _touch(report, reporter=True)


@transaction.atomic
def reporter_exclude_handler(*, report: Report, user_id: int) -> None:
    """Exclude a handler (conflict of interest): their copy of the key is deleted."""
    handlers = {h.pk for h in channel_handlers(report.channel)}
    excluded = set(report.excluded_handlers.values_list("pk", flat=True)) | {user_id}
    if user_id not in handlers:
        raise ValidationError(_("Choose one of the handlers in the list."))
    if not handlers - excluded:
        raise ValidationError(_("At least one handler must be able to read your report."))
    report.excluded_handlers.add(user_id)
    ReportKeyGrant.objects.filter(report=report, user_id=user_id).delete()
    _touch(report, reporter=True)
    audit_record(
        actor=None, action=AUDIT_HANDLER_EXCLUDED, target=report, data={"handler": user_id}
    )


def reporter_log_out(token: str | None) -> None:
    keystore.reporter_token_drop(token)


def case_content_for_reporter(report: Report, private_key: bytes) -> dict[str, str]:
    """The reporter's own answers, to read back in the inbox."""
    return dict(json.loads(crypto.unseal_text(private_key, bytes(report.sealed_content))))
