"""Bank statements and where the money went (docs/support.md).

- ``BankStatement``: one uploaded camt.053 file, known by the SHA-256 of its bytes (unique), so
  the same statement is never read twice. The file itself is not kept: its lines are.
- ``BankLine``: one entry of a statement. A credit whose text carries one of our payment
  references, for the payment's amount, is booked in the ledger (``support_payments``) through
  its service; the rest wait for the treasurer to match by hand or ignore with a reason.
- ``Spending``: what the money paid for, per year and category, linked to the publication,
  event or atlas page it paid for; shown on the public page "Hvor gik pengene hen?".

Amounts are whole øre (integers). A bank line's amount is positive for money in (credit).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BankStatement(models.Model):
    """An uploaded camt.053 statement."""

    sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=200)
    statement_id = models.CharField(max_length=140, blank=True)  # Stmt/Id
    account = models.CharField(max_length=40, blank=True)  # IBAN or other id
    currency = models.CharField(max_length=3, blank=True)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    unmatched_count = models.PositiveIntegerField(default=0)
    # Set when the payers' names and texts were removed after the bookkeeping law's 5 years.
    pruned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")

    def __str__(self) -> str:
        return self.statement_id or self.file_name


class BankLine(models.Model):
    """One entry (Ntry) of a statement, with what became of it."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Booked")
        UNMATCHED = "unmatched", _("Not matched")
        IGNORED = "ignored", _("Ignored")

    class Note(models.TextChoices):
        """Why a line was not booked, or how it was (shown translated)."""

        NO_REFERENCE = "no_reference", _("No payment reference found in the text.")
        UNKNOWN_REFERENCE = "unknown_reference", _("No payment has this reference.")
        AMOUNT_DIFFERS = "amount_differs", _("The amount differs from the payment's amount.")
        CURRENCY = "currency", _("Not in Danish kroner.")
        REVERSAL = "reversal", _("A reversal by the bank: check it by hand.")
        DEBIT = "debit", _("Money out of the account: not a payment to us.")
        REFUSED = "refused", _("The ledger refused the booking.")
        ALREADY_BOOKED = "already_booked", _("Already booked from an earlier statement.")
        BY_HAND = "by_hand", _("Matched by hand.")

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    index = models.PositiveIntegerField()  # the entry's position in the file
    booked_on = models.DateField(null=True, blank=True)
    amount_ore = models.BigIntegerField()  # credit positive, debit negative
    currency = models.CharField(max_length=3, blank=True)
    debtor_name = models.CharField(max_length=140, blank=True)
    remittance = models.CharField(max_length=500, blank=True)
    end_to_end_id = models.CharField(max_length=35, blank=True)
    bank_ref = models.CharField(max_length=35, blank=True)  # AcctSvcrRef
    reference_found = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNMATCHED)
    note = models.CharField(max_length=20, choices=Note.choices, blank=True)
    expected_ore = models.BigIntegerField(null=True, blank=True)  # the payment's amount
    reason = models.CharField(max_length=300, blank=True)  # the treasurer's, or the ledger's
    ledger_entry = models.ForeignKey(
        "support_payments.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["statement", "index"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "index"], name="treasury_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}#{self.index}"

    @property
    def is_credit(self) -> bool:
        return self.amount_ore > 0

    @property
    def source_key(self) -> str:
        """What names this line in the ledger, so nothing is booked twice: the bank's own
        entry reference on the account when the file has one (the same entry in two
        overlapping statements), else the statement's hash and the entry's position."""
        if self.bank_ref and self.statement.account:
            return f"camt053:{self.statement.account}:{self.bank_ref}"
        return f"camt053:{self.statement.sha256}:{self.index}"


class Spending(models.Model):
    """One thing the money paid for, shown publicly with a link to it."""

    class Category(models.TextChoices):
        PUBLICATIONS = "publications", _("Publications")
        EVENTS = "events", _("Events")
        RESEARCH = "research", _("Research")
        COMMUNITY_ADVICE = "community_advice", _("Community advice")
        ADMINISTRATION = "administration", _("Administration")
        FUNDRAISING = "fundraising", _("Fundraising")

    class LinkKind(models.TextChoices):
        NONE = "", _("No link")
        KNOWLEDGE = "knowledge", _("Publication")
        EVENT = "event", _("Event")
        ATLAS = "atlas", _("Atlas page")
        OTHER = "other", _("Other page on this site")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    spent_on = models.DateField(_("date"))
    amount_ore = models.PositiveBigIntegerField(
        _("amount (øre)"), validators=[MinValueValidator(1)]
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    link_kind = models.CharField(
        _("what it paid for"), max_length=10, choices=LinkKind.choices, blank=True
    )
    link_target = models.CharField(_("address or slug"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.CheckConstraint(
                condition=Q(link_kind="") | ~Q(link_target=""), name="treasury_spending_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title
