"""Channels, handler keys and reports. Everything a reporter wrote is ciphertext here.

Plaintext columns are metadata only (docs/whistleblowing.md, "what is not protected").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.whistleblowing.workflows import CaseState


class Channel(models.Model):
    slug = models.SlugField(_("address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("who may report here"), blank=True)
    # The employer whose scheme this is; when it takes part, its space names it as the one
    # responsible. Empty for a channel of the think tank itself.
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="whistleblowing_channels",
        blank=True,
        verbose_name=_("handlers"),
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days after last activity)"), default=90
    )
    reporter_access_days = models.PositiveIntegerField(
        _("reporter access lapses after (days inactive)"), default=180
    )
    is_active = models.BooleanField(_("open for reports"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("whistleblower channel")
        verbose_name_plural = _("whistleblower channels")

    def __str__(self) -> str:
        return self.name


class HandlerKey(models.Model):
    """A handler's X25519 key pair; the private key only in encrypted form."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whistleblowing_key"
    )
    public_key = models.BinaryField()
    salt = models.BinaryField()
    kdf_ops = models.PositiveIntegerField()
    kdf_mem = models.PositiveBigIntegerField()
    private_under_passphrase = models.BinaryField()
    private_under_recovery = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"HandlerKey {self.pk}"


class HandlerKeyApproval(models.Model):
    """A handler's public key approved for one channel, after a fingerprint comparison.

    ``signature``: by an existing handler of the channel (method "handler"), an Ed25519
    signature with a key derived from that handler's own private key (crypto.approval_sign);
    only that handler's unlocked key can check it, so only it gives earlier reports' keys.
    ``server_seal``: an HMAC under the server's secret over channel, person, key and method
    (whistleblowing.approvals), written when the approval is complete; new reports are
    sealed only to keys with a valid seal. Neither can be made by writing to the database."""

    class Method(models.TextChoices):
        HANDLER = "handler", _("Approved by a handler of the channel")
        FIRST = "first", _("First handler: an administrator and a custodian")
        MIGRATED = "migrated", _("Key from before approvals were introduced")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="key_approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    public_key = models.BinaryField()
    method = models.CharField(max_length=10, choices=Method.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signature = models.BinaryField(blank=True, default=b"")
    server_seal = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"HandlerKeyApproval {self.pk}"


class Report(models.Model):
    class Kind(models.TextChoices):
        WRITTEN = "written", _("Written report")
        ORAL = "oral", _("Oral report or meeting")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WRITTEN)
    state = models.CharField(
        max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED, db_index=True
    )
    public_key = models.BinaryField()
    receipt_hash = models.CharField(max_length=64, unique=True)
    access_salt = models.BinaryField()
    private_under_receipt = models.BinaryField()
    sealed_content = models.BinaryField()
    sealed_identity = models.BinaryField(null=True, blank=True)
    recording_consent = models.BooleanField(default=False)
    excluded_handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True
    )
    received_on = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    reporter_active_at = models.DateTimeField()
    delete_after = models.DateField(db_index=True)
    # Under a legal hold the case is never deleted; the reason names people and suspicions,
    # so it is sealed to the report key like the content (docs/whistleblowing.md).
    legal_hold = models.BooleanField(default=False)
    sealed_hold_reason = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.public_id)[:8]

    @property
    def short_id(self) -> str:
        return str(self.public_id)[:8].upper()


class ReportKeyGrant(models.Model):
    """The report's private key sealed to one handler (or, with escrow, to the escrow key)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_escrow = models.BooleanField(default=False)
    sealed_private_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="whistle_grant_once")
        ]

    def __str__(self) -> str:
        return f"ReportKeyGrant {self.pk}"


class Message(models.Model):
    class Author(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        HANDLER = "handler", _("Handler")
        SYSTEM = "system", _("Notice")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        MINUTES = "minutes", _("Minutes")
        INTERNAL = "internal", _("Internal note")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sealed_body = models.BinaryField()
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    from_reporter = models.BooleanField(default=True)
    storage_name = models.CharField(max_length=64, unique=True)
    sealed_name = models.BinaryField()
    sealed_file_key = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class StateChange(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="state_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=CaseState.choices)
    target = models.CharField(max_length=20, choices=CaseState.choices)
    sealed_reason = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"StateChange {self.pk}"


class IdentityRequest(models.Model):
    """A handler asks to see the reporter's identity; a custodian (another person) decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the custodian")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identity_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The legal ground names the person concerned and the suspicion: sealed to the report key
    # (handlers), and one copy per custodian sealed to that custodian's key (who decides).
    sealed_legal_ground = models.BinaryField(null=True, blank=True)
    custodian_copies = models.JSONField(default=dict, blank=True)
    # The reporter's written notice (with the legal ground), sealed to the report key when
    # the request is made and added to the inbox when a custodian approves.
    sealed_notice = models.BinaryField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"IdentityRequest {self.pk}"


class DeletionRecord(models.Model):
    """What is left after deletion: no content, no identity, no case id."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deletions")
    received_month = models.DateField()
    final_state = models.CharField(max_length=20, choices=CaseState.choices)
    deleted_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_on"]

    def __str__(self) -> str:
        return f"DeletionRecord {self.pk}"


class UnlockedKey(models.Model):
    """The server's half of an unlocked private key (socius/whistleblowing/keystore.py).

    `sealed` is the key under SecretBox(wrap key); the wrap key is only in the person's
    browser (an HttpOnly cookie), so this row alone opens nothing."""

    class Kind(models.TextChoices):
        HANDLER = "handler"
        REPORTER = "reporter"

    lookup = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    owner = models.CharField(max_length=64)  # the handler's user pk, or the report's public id
    sealed = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "owner"], name="whistle_unlocked_owner")]

    def __str__(self) -> str:
        return f"UnlockedKey {self.kind}"
