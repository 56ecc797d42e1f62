"""Writes of the treasury: bank statements booked into the ledger, hand matches, spending.

The ledger itself belongs to ``support_payments``: a bank line is booked only through its
``bank_transfer_book`` service, with a ``source_key`` naming the line, so the same bank entry
is never booked twice, whether the same file or an overlapping statement is uploaded again.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.support.treasury import audit, selectors
from socius.support.treasury.camt import CamtEntry, CamtError, CamtStatement, camt_read
from socius.support.treasury.matching import reference_find
from socius.support.treasury.models import BankLine, BankStatement, Spending

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.support.payments.models import LedgerEntry, Payment

N = BankLine.Note
S = BankLine.Status


def _book(*, line: BankLine, payment: Payment, actor: User) -> LedgerEntry | None:
    """Book a line through the payments module; None when that cause was booked before."""
    from socius.support.payments.services import bank_transfer_book

    return bank_transfer_book(
        reference=payment.reference,
        amount_ore=line.amount_ore,
        booked_on=line.booked_on or timezone.localdate(),
        source_key=line.source_key,
        actor=actor,
    )


def _book_and_mark(*, line: BankLine, payment: Payment, actor: User, note: str) -> None:
    """Book in a savepoint: a refusal by the ledger leaves this line unmatched with the
    ledger's reason, and the other lines of the statement are still booked."""
    try:
        with transaction.atomic():
            entry = _book(line=line, payment=payment, actor=actor)
    except LookupError:
        line.status, line.note = S.UNMATCHED, N.UNKNOWN_REFERENCE
        return
    except (ValidationError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        line.status, line.note, line.reason = S.UNMATCHED, N.REFUSED, "; ".join(messages)[:300]
        return
    if entry is None:
        entry, note = selectors.ledger_entry_by_source(line.source_key), N.ALREADY_BOOKED
    line.status, line.note, line.ledger_entry = S.MATCHED, note, entry


def _classify(line: BankLine, entry: CamtEntry, references: dict[str, int]) -> int | None:
    """Set the line's note for what rules it out; the id of its payment when one fits."""
    if entry.amount_ore <= 0:
        line.status, line.note = S.IGNORED, N.DEBIT
        return None
    if entry.reversal:
        line.note = N.REVERSAL
        return None
    if entry.currency and entry.currency != "DKK":
        line.note = N.CURRENCY
        return None
    payment_id = reference_find(f"{entry.remittance} {entry.end_to_end_id}", references)
    if payment_id is None:
        line.note = N.NO_REFERENCE
    return payment_id


def _lines_book(*, statement: BankStatement, entries: list[CamtEntry], actor: User) -> None:
    from socius.support.payments.models import Payment

    references = selectors.bank_references()
    for entry in entries:
        line = BankLine(
            statement=statement,
            index=entry.index,
            booked_on=entry.booked_on,
            amount_ore=entry.amount_ore,
            currency=entry.currency,
            debtor_name=entry.debtor_name[:140],
            remittance=entry.remittance,
            end_to_end_id=entry.end_to_end_id,
            bank_ref=entry.bank_ref,
        )
        payment_id = _classify(line, entry, references)
        if payment_id is not None:
            payment = Payment.objects.get(pk=payment_id)
            line.reference_found = payment.reference
            if payment.amount_ore != entry.amount_ore:
                line.note, line.expected_ore = N.AMOUNT_DIFFERS, payment.amount_ore
            else:
                _book_and_mark(line=line, payment=payment, actor=actor, note="")
        line.save()


def _counts_update(statement: BankStatement) -> None:
    counts = selectors.counts_by(statement.lines.all(), "status")
    statement.line_count = sum(counts.values())
    statement.matched_count = counts.get(S.MATCHED, 0)
    statement.unmatched_count = counts.get(S.UNMATCHED, 0)
    statement.save(update_fields=["line_count", "matched_count", "unmatched_count", "updated_at"])


def _statement_fields(statements: list[CamtStatement]) -> dict[str, Any]:
    first = statements[0]
    starts = [s.period_from for s in statements if s.period_from]
    ends = [s.period_to for s in statements if s.period_to]
    return {
        "statement_id": first.statement_id[:140],
        "account": first.account[:40],
        "currency": first.currency[:3],
        "period_from": min(starts) if starts else None,
        "period_to": max(ends) if ends else None,
    }


@transaction.atomic
def statement_upload(*, actor: User, data: bytes, file_name: str) -> BankStatement:
    """Read a camt.053 file and book every credit that carries one of our references for the
    payment's amount. All or nothing: a file that cannot be read books nothing, and the same
    file (by its SHA-256) is refused the second time with ``code="duplicate"``."""
    require(actor, Capability.SUPPORT_TREASURER)
    digest = hashlib.sha256(data).hexdigest()
    existing = BankStatement.objects.filter(sha256=digest).first()
    if existing is not None:
        raise ValidationError(
            _("This statement was uploaded before, so nothing was booked again."),
            code="duplicate",
            params={"pk": existing.pk},
        )
    try:
        statements = camt_read(data)
    except CamtError as exc:
        raise ValidationError(exc.message, code="camt", params=exc.params or None) from exc
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                sha256=digest,
                file_name=file_name[:200],
                uploaded_by=actor,
                **_statement_fields(statements),
            )
    except IntegrityError as exc:  # the same file uploaded twice at the same moment
        raise ValidationError(
            _("This statement was uploaded before, so nothing was booked again."),
            code="duplicate",
        ) from exc
    entries = [e for s in statements for e in s.entries]
    _lines_book(statement=statement, entries=entries, actor=actor)
    _counts_update(statement)
    audit_record(
        actor=actor,
        action=audit.AUDIT_STATEMENT_UPLOADED,
        target=statement,
        data={
            "lines": statement.line_count,
            "matched": statement.matched_count,
            "unmatched": statement.unmatched_count,
        },
    )
    return statement


def _line_open(line: BankLine) -> None:
    if line.status != S.UNMATCHED or line.amount_ore <= 0:
        raise ValidationError(_("Only an unmatched payment into the account can be changed."))


@transaction.atomic
def line_match(*, actor: User, line: BankLine, reference: str) -> BankLine:
    """Book an unmatched credit on the payment the treasurer names by its reference."""
    require(actor, Capability.SUPPORT_TREASURER)
    line = BankLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    _line_open(line)
    payment = selectors.payment_by_reference(reference)
    if payment is None:
        raise ValidationError(
            {"reference": _("No bank-transfer payment has this reference.")}, code="unknown"
        )
    _book_and_mark(line=line, payment=payment, actor=actor, note=N.BY_HAND)
    if line.status != S.MATCHED:
        raise ValidationError(
            {"reference": _("The ledger refused the booking: %(reason)s")},
            code="refused",
            params={"reason": line.reason or line.get_note_display()},
        )
    line.reference_found, line.matched_by, line.decided_at = (
        payment.reference,
        actor,
        timezone.now(),
    )
    line.save(
        update_fields=[
            "status", "note", "reason", "ledger_entry", "reference_found", "matched_by",
            "decided_at", "updated_at",
        ]
    )  # fmt: skip
    _counts_update(line.statement)
    audit_record(
        actor=actor,
        action=audit.AUDIT_LINE_MATCHED,
        target=line,
        data={"reference": payment.reference, "amount_ore": line.amount_ore},
    )
    return line


@transaction.atomic
def line_ignore(*, actor: User, line: BankLine, reason: str) -> BankLine:
    """Set an unmatched credit aside with the treasurer's reason (not income of ours)."""
    require(actor, Capability.SUPPORT_TREASURER)
    line = BankLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    _line_open(line)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the line is ignored.")}, code="required")
    line.status, line.reason, line.matched_by = S.IGNORED, reason[:300], actor
    line.decided_at = timezone.now()
    line.save(update_fields=["status", "reason", "matched_by", "decided_at", "updated_at"])
    _counts_update(line.statement)
    audit_record(actor=actor, action=audit.AUDIT_LINE_IGNORED, target=line, data={"reason": reason})
    return line


SPENDING_FIELDS = (
    "spent_on", "amount_ore", "category", "title", "description", "link_kind", "link_target"
)  # fmt: skip


@transaction.atomic
def spending_save(
    *, actor: User, spending: Spending | None = None, data: dict[str, Any]
) -> Spending:
    """Create or change a spending line; its year follows its date. A link must lead to a
    publication, event or atlas page that exists, or to a path on this site."""
    require(actor, Capability.SUPPORT_TREASURER)
    creating = spending is None
    spending = spending or Spending(created_by=actor)
    for name in SPENDING_FIELDS:
        setattr(spending, name, data.get(name, getattr(spending, name)))
    spending.link_kind = spending.link_kind or ""
    spending.link_target = (spending.link_target or "").strip() if spending.link_kind else ""
    if isinstance(spending.spent_on, datetime.date):
        spending.year = spending.spent_on.year
    spending.full_clean()
    if spending.link_kind and not selectors.spending_link(spending):
        raise ValidationError(
            {"link_target": _("Nothing public was found at this address or slug.")},
            code="link",
        )
    spending.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_SPENDING_SAVED,
        target=spending,
        data={"created": creating, "amount_ore": spending.amount_ore, "year": spending.year},
    )
    return spending


# Bogføringsloven § 12: the bookkeeping is kept for 5 years from the end of the financial year
# it belongs to. After that the payers' names and texts go; amounts and dates stay.
KEEP_YEARS = 5


@transaction.atomic
def bank_lines_prune(*, today: datetime.date) -> int:
    """Remove the payer's name, text and end-to-end id from the lines of statements whose
    financial year ended more than ``KEEP_YEARS`` years ago. Returns the statements pruned."""
    last_year = today.year - KEEP_YEARS - 1
    old = BankStatement.objects.filter(pruned_at__isnull=True).filter(
        models.Q(period_to__year__lte=last_year)
        | models.Q(period_to__isnull=True, uploaded_at__year__lte=last_year)
    )
    ids = list(old.values_list("pk", flat=True))
    BankLine.objects.filter(statement_id__in=ids).update(
        debtor_name="", remittance="", end_to_end_id="", updated_at=timezone.now()
    )
    BankStatement.objects.filter(pk__in=ids).update(pruned_at=timezone.now())
    if ids:
        audit_record(actor=None, action=audit.AUDIT_LINES_PRUNED, data={"statements": len(ids)})
    return len(ids)
