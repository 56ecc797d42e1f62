"""Payments and the ledger (docs/support.md).

- ``Payment``: one charge the platform asked for, with its idempotency key (unique), so a double
  click, a second tab or a retry after a time-out finds the payment already asked for instead of
  charging twice.
- ``Mandate``: an agreement for recurring charges (a card subscription, a Vipps MobilePay
  agreement); each charge under it is a ``Payment``.
- ``WebhookEvent``: every webhook as received, stored before it is acted on, unique per
  provider and event id, so a delivery repeated five times is acted on once.
- ``LedgerEntry``: append-only; entries, never balances. A capture is a positive entry, a
  refund a negative one; each is unique per provider and provider event, so replaying the
  webhooks in any order gives the same ledger. Nothing updates or deletes an entry.
- ``Reconciliation``: the daily comparison of the ledger with the providers' reported state.
"""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    DEVELOPMENT = "dev", _("Test payment (development)")
    STRIPE = "stripe", _("Card (Stripe)")
    VIPPS_MOBILEPAY = "vipps", _("MobilePay")
    BANK = "bank", _("Bank transfer")


class Purpose(models.TextChoices):
    GIFT = "gift", _("Gift")
    MEMBERSHIP = "membership", _("Membership fee")
    COMMITMENT = "commitment", _("Ten-year commitment (§ 12, stk. 3)")


class Mandate(models.Model):
    """Permission from the supporter to charge them again: monthly or yearly."""

    class Interval(models.TextChoices):
        MONTH = "month", _("Every month")
        YEAR = "year", _("Every year")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        ACTIVE = "active", _("Active")
        FAILING = "failing", _("Charges failing")
        STOPPED = "stopped", _("Stopped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="mandates"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    gift = models.ForeignKey(
        "support.Gift", on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    membership = models.ForeignKey(
        "support.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
    )
    provider = models.CharField(max_length=10, choices=Provider.choices)
    provider_ref = models.CharField(max_length=200, blank=True, db_index=True)
    # Our own short code for the mandate, passed to the provider (as Payment.reference).
    reference = models.CharField(max_length=20, blank=True)
    # Where the payer approves the mandate (the provider's page); set by mandate_start.
    checkout_url = models.URLField(max_length=500, blank=True)
    amount_ore = models.PositiveBigIntegerField(validators=[MinValueValidator(100)])
    interval = models.CharField(max_length=5, choices=Interval.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    idempotency_key = models.CharField(max_length=80, unique=True)
    next_charge_on = models.DateField(null=True, blank=True)
    failure_count = models.PositiveSmallIntegerField(default=0)
    last_failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_ref"],
                condition=~Q(provider_ref=""),
                name="support_mandate_provider_ref",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="support_mandate_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_ref or self.public_id}"


class Payment(models.Model):
    """One charge. ``reference`` is the short code a bank transfer carries in its text."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Awaiting the payer")
        AUTHORISED = "authorised", _("Authorised")
        CAPTURED = "captured", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="payments"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    gift = models.ForeignKey(
        "support.Gift", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    membership = models.ForeignKey(
        "support.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    provider = models.CharField(max_length=10, choices=Provider.choices)
    provider_ref = models.CharField(max_length=200, blank=True, db_index=True)
    amount_ore = models.PositiveBigIntegerField(validators=[MinValueValidator(100)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CREATED)
    checkout_url = models.URLField(max_length=500, blank=True)
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_ref"],
                condition=~Q(provider_ref=""),
                name="support_payment_provider_ref",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class WebhookEvent(models.Model):
    """A provider's webhook, stored as received before anything acts on it."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        IGNORED = "ignored", _("Nothing to do")  # a duplicate effect, an unknown payment
        DEFERRED = "deferred", _("Waiting for an earlier event")  # e.g. a refund before its capture
        FAILED = "failed", _("Failed")

    provider = models.CharField(max_length=10, choices=Provider.choices)
    event_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=80)
    # The event in the platform's words (ProviderEvent), so it can be applied again later
    # (a refund deferred until its capture) without parsing the provider's body again.
    provider_ref = models.CharField(max_length=200, blank=True, db_index=True)
    mandate_ref = models.CharField(max_length=200, blank=True, db_index=True)
    amount_ore = models.BigIntegerField(default=0)
    occurred_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RECEIVED)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="support_webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"


class LedgerEntry(models.Model):
    """Append-only: a capture (+), a refund or chargeback (−). ``source_key`` names what caused
    the entry (a provider event, a bank statement line) so no cause is booked twice."""

    class Kind(models.TextChoices):
        CAPTURE = "capture", _("Payment received")
        REFUND = "refund", _("Refund")
        CHARGEBACK = "chargeback", _("Chargeback")
        CORRECTION = "correction", _("Correction")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="entries")
    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount_ore = models.BigIntegerField()
    provider = models.CharField(max_length=10, choices=Provider.choices)
    source_key = models.CharField(max_length=250)
    booked_on = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["booked_on", "pk"]
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "source_key"], name="support_ledger_source_once"
            ),
            models.CheckConstraint(
                condition=(Q(kind="capture", amount_ore__gt=0) | ~Q(kind="capture")),
                name="support_ledger_capture_positive",
            ),
        ]
        indexes = [models.Index(fields=["supporter", "booked_on"])]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.kind} {self.amount_ore}"


class Reconciliation(models.Model):
    """One daily comparison of the ledger with what each provider reports."""

    ran_at = models.DateTimeField(auto_now_add=True)
    provider = models.CharField(max_length=10, choices=Provider.choices)
    checked = models.PositiveIntegerField(default=0)
    differences = models.JSONField(default=list)  # [{payment, ledger_ore, provider_ore, note}]

    class Meta:
        ordering = ["-ran_at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider} {self.ran_at:%Y-%m-%d}"
