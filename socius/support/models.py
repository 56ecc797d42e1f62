"""Support: memberships, gifts, campaigns and the newsletter (docs/support.md).

Money is in whole øre (``*_ore`` integer columns; never floats). A ``Supporter`` is the party
who pays: a person (usually with an account) or an organisation. What was actually paid is not
kept here but in the append-only ledger of ``support_payments`` (socius/support/payments/):
a gift or a membership says what was promised; the ledger says what arrived.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Supporter(models.Model):
    """Who pays: a person or an organisation. One per account (and per organisation)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporter",
    )
    organisation = models.OneToOneField(
        "core.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporter",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="da")
    # Postal address: the annual statement and a § 12, stk. 3 agreement are sent to it.
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the person erased their account: the ledger keeps the amounts (bookkeeping
    # law), this row keeps no name or address.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        return self.name


class MembershipTier(models.Model):
    """A kind of membership with its yearly fee, for persons or for organisations."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    for_kind = models.CharField(
        _("for"), max_length=12, choices=Supporter.Kind.choices, default=Supporter.Kind.PERSON
    )
    yearly_fee_ore = models.PositiveBigIntegerField(
        _("yearly fee (øre)"), validators=[MinValueValidator(100)]
    )
    active = models.BooleanField(_("open for new members"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "yearly_fee_ore", "pk"]
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A supporter's membership. ``paid_until`` moves on when a year's fee is in the ledger.

    pending (joined, fee not yet paid) → active → lapsed (fee not paid by ``paid_until`` plus
    the grace period) or resigned. A lapsed member who pays again is active again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        RESIGNED = "resigned", _("Resigned")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="memberships")
    tier = models.ForeignKey(MembershipTier, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    paid_until = models.DateField(_("paid until"), null=True, blank=True)
    auto_renew = models.BooleanField(_("renew automatically"), default=False)
    reminded_for = models.DateField(null=True, blank=True)  # paid_until a reminder was sent for
    # Days before ``reminded_for`` the last reminder went out (30, then 7): each once.
    reminded_days = models.PositiveSmallIntegerField(null=True, blank=True)
    resigned_at = models.DateTimeField(_("resigned"), null=True, blank=True)
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-joined_at", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One current membership per supporter; former ones stay for the history.
            models.UniqueConstraint(
                fields=["supporter"],
                condition=Q(status__in=["pending", "active"]),
                name="support_one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supporter} ({self.tier})"


class Campaign(models.Model):
    """A fundraising campaign. A public collection needs Indsamlingsnævnet's permission first
    (indsamlingsloven, lov 511/2014): a campaign cannot be published without the permission
    number, and its accounts are due afterwards (``accounts_due_on``, a reminder)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ENDED = "ended", _("Ended")

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goal_ore = models.PositiveBigIntegerField(_("goal (øre)"), validators=[MinValueValidator(100)])
    suggested_amounts_ore = models.JSONField(_("suggested amounts (øre)"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    permission_number = models.CharField(
        _("Indsamlingsnævnet's permission number"), max_length=40, blank=True
    )
    permission_valid_until = models.DateField(_("permission valid until"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    accounts_due_on = models.DateField(_("accounts due"), null=True, blank=True)
    accounts_submitted_on = models.DateField(_("accounts submitted"), null=True, blank=True)
    accounts_reminded_at = models.DateTimeField(null=True, blank=True)
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(permission_number=""),
                name="support_campaign_published_has_permission",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="support_campaign_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("support:campaign-detail", args=[self.slug])


class Gift(models.Model):
    """A gift as promised: one-off, or recurring (each charge of a recurring gift is a payment
    in the ledger). ``deductible`` says whether the donor asked for the tax deduction under
    ligningsloven § 8 A; a § 12, stk. 3 commitment is its own kind (``support_tax``)."""

    class Frequency(models.TextChoices):
        ONCE = "once", _("Once")
        MONTHLY = "monthly", _("Every month")
        YEARLY = "yearly", _("Every year")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        ACTIVE = "active", _("Active")  # recurring: the mandate runs
        PAID = "paid", _("Paid")  # one-off: captured
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="gifts")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts"
    )
    amount_ore = models.PositiveBigIntegerField(
        _("amount (øre)"), validators=[MinValueValidator(100)]
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.ONCE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    deductible = models.BooleanField(_("tax deduction wanted"), default=False)
    # The key of the form the gift was given with: a double click or a second tab that sends
    # the same form finds this gift instead of making a second one.
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")

    def __str__(self) -> str:
        return f"{self.supporter}: {self.amount_ore} øre ({self.frequency})"


class NewsletterSubscription(models.Model):
    """A newsletter sign-up with double opt-in: ``confirmed_at`` is set only from the link in
    the confirmation mail; unsubscribing is one click (RFC 8058) and keeps the row, so the
    address is not mailed again by mistake. Only hashes of the links' secrets are stored."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=8, default="da")
    confirm_hash = models.CharField(max_length=64, unique=True)
    unsubscribe_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")

    def __str__(self) -> str:
        return self.email


class NewsletterIssue(models.Model):
    """One issue of the newsletter: written, previewed, then sent once to every confirmed
    subscriber who has not unsubscribed (and who reads its language). ``send_started_at`` is
    set when the sending is asked for; ``sent_at`` when the last recipient has been handled.
    Each recipient is recorded (``NewsletterDelivery``) so a second run of the sending task
    sends nothing twice."""

    class Language(models.TextChoices):
        DANISH = "da", _("Danish")
        ENGLISH = "en", _("English")
        BOTH = "both", _("Both languages")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=20_000)
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.DANISH
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("support:newsletter-issue-detail", args=[self.public_id])

    @property
    def progress_percent(self) -> int:
        if not self.recipients_count:
            return 100 if self.sent_at else 0
        return min(100, self.sent_count * 100 // self.recipients_count)


class NewsletterDelivery(models.Model):
    """That ``issue`` was handed to the mail queue for ``subscription`` (at most once)."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        NewsletterSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="support_newsletter_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.subscription_id}"
