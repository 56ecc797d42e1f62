"""Writes of the tax deduction: each in one transaction, audited, never with a CPR number in
an audit entry, a log line, a message or an exception text (see cpr.py's threat model)."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.mail import Address, notify
from socius.support.models import Gift, Supporter
from socius.support.tax import agreement, signing
from socius.support.tax.audit import (
    AUDIT_COMMITMENT_PAYMENTS,
    AUDIT_COMMITMENT_SIGNED,
    AUDIT_COMMITMENT_STOPPED,
    AUDIT_CPR_DELETED,
    AUDIT_CPR_GIVEN,
    AUDIT_STATEMENTS_SENT,
)
from socius.support.tax.cpr import cpr_digest, cpr_normalise, cpr_seal
from socius.support.tax.mail import MAIL_COMMITMENT, MAIL_COMMITMENT_PAYMENT, MAIL_STATEMENT
from socius.support.tax.models import AnnualStatement, Commitment, DonorIdentity
from socius.support.tax.report import report_submit as report_submit  # (lives with the report)
from socius.support.tax.selectors import deduction_for

CONSENT_VERSION = "2026-1"
MIN_COMMITMENT_YEARS = 10


def supporter_recipient(supporter: Supporter) -> Any:
    """Who mail for ``supporter`` goes to: their account, else their address."""
    user = supporter.user
    if user is not None and user.is_active:
        return user
    return Address(supporter.email, supporter.language)


@transaction.atomic
def cpr_give(
    *,
    actor: Any,
    supporter: Supporter,
    cpr: str,
    source: str = DonorIdentity.Source.FORM,
    now: datetime.datetime | None = None,
) -> DonorIdentity:
    """Store ``supporter``'s CPR number, sealed, once. A number that is not a CPR number is a
    ValidationError whose message does not repeat it."""
    if supporter.kind != Supporter.Kind.PERSON:
        raise ValidationError(_("Only a person can give a CPR number."))
    digits = cpr_normalise(cpr)
    if digits is None:
        raise ValidationError(
            _("This is not a CPR number. Write 10 digits, for example 010190-1234.")
        )
    if DonorIdentity.objects.select_for_update().filter(supporter=supporter).exists():
        raise ValidationError(_("Your CPR number is already stored."))
    identity = DonorIdentity.objects.create(
        supporter=supporter,
        cpr_sealed=cpr_seal(digits),
        cpr_digest=cpr_digest(digits),
        source=source,
        given_at=now or timezone.now(),
        consent_version=CONSENT_VERSION,
    )
    audit_record(actor=actor, action=AUDIT_CPR_GIVEN, target=supporter, data={"source": source})
    return identity


@transaction.atomic
def cpr_delete(*, actor: Any, supporter: Supporter) -> bool:
    """Delete ``supporter``'s CPR number: from then on nothing is reported for them (no
    deduction). Reports already built keep what they reported (bogføringsloven)."""
    deleted, _rows = DonorIdentity.objects.filter(supporter=supporter).delete()
    if deleted:
        audit_record(actor=actor, action=AUDIT_CPR_DELETED, target=supporter)
    return bool(deleted)


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    supporter: Supporter,
    yearly_amount_ore: int,
    years: int = MIN_COMMITMENT_YEARS,
    accepted: bool,
    provider: str = "",
    now: datetime.datetime | None = None,
) -> Commitment:
    """Record a § 12, stk. 3 commitment the donor has explicitly accepted: the yearly gift
    (purpose COMMITMENT), the agreement text as shown, and the platform's signature over it.
    ``provider`` is how the donor pays (one of ``providers_enabled()``; "" when none is).
    The payments start afterwards (``commitment_payment_start``)."""
    from socius.support.payments.providers import providers_enabled

    now = now or timezone.now()
    if provider and provider not in providers_enabled():
        raise ValidationError(_("Choose one of the ways to pay."))
    if not accepted:
        raise ValidationError(_("Tick the box to accept the agreement."))
    if years < MIN_COMMITMENT_YEARS:
        raise ValidationError(_("A commitment runs for at least 10 years."))
    if yearly_amount_ore < 100:
        raise ValidationError(_("The yearly amount must be at least 1 kr."))
    if not DonorIdentity.objects.filter(supporter=supporter).exists():
        raise ValidationError(_("Give your CPR number first: the deduction needs it."))
    first_year = timezone.localdate(now).year
    text = agreement.agreement_text(
        supporter=supporter, yearly_amount_ore=yearly_amount_ore, first_year=first_year, years=years
    )
    gift = Gift.objects.create(
        supporter=supporter,
        amount_ore=yearly_amount_ore,
        frequency=Gift.Frequency.YEARLY,
        deductible=False,  # deducted under § 12, stk. 3 through the commitment, not § 8 A
    )
    payload = signing.canonical_json(
        agreement.agreement_payload(
            supporter=supporter,
            gift=gift,
            yearly_amount_ore=yearly_amount_ore,
            first_year=first_year,
            years=years,
            text=text,
            accepted_at=now,
        )
    )
    commitment = Commitment.objects.create(
        supporter=supporter,
        gift=gift,
        yearly_amount_ore=yearly_amount_ore,
        first_year=first_year,
        years=years,
        agreement_version=agreement.AGREEMENT_VERSION,
        agreement_text=text,
        signed_payload=payload,
        signature=signing.agreement_sign(payload),
        signing_key_id=signing.signing_key_id(),
        accepted_at=now,
        provider=provider,
    )
    audit_record(
        actor=actor,
        action=AUDIT_COMMITMENT_SIGNED,
        target=commitment,
        data={"yearly_amount_ore": yearly_amount_ore, "years": years, "first_year": first_year},
    )
    notify(
        recipients=[supporter_recipient(supporter)],
        kind=MAIL_COMMITMENT,
        template="support_tax/mail/commitment",
        context={"commitment": commitment},
        link=reverse("support_tax:commitment-detail", args=[commitment.public_id]),
        attachments=[_pdf_attachment("aftale.pdf", agreement.agreement_pdf(commitment))],
    )
    return commitment


def commitment_payment_start(
    *,
    commitment: Commitment,
    return_url: str,
    provider: str | None = None,
    year: int | None = None,
) -> Any:
    """Start paying ``commitment`` (``provider`` defaults to the one the donor chose).

    A bank transfer has no mandate: each year gets one Payment (purpose COMMITMENT, the
    commitment's gift, key "commitment:<public_id>:<year>"), so a second call for the same
    year returns the same Payment. Any other provider gets the yearly mandate (the same key
    every time: a second call returns the same Mandate). Returns the Payment or Mandate."""
    from socius.support.payments import services as payment_services
    from socius.support.payments.models import Mandate, Provider, Purpose

    provider = provider or commitment.provider
    if provider == Provider.BANK:
        year = year or max(commitment.first_year, timezone.localdate().year)
        return payment_services.payment_start(
            supporter=commitment.supporter,
            purpose=Purpose.COMMITMENT,
            amount_ore=commitment.yearly_amount_ore,
            provider=provider,
            idempotency_key=f"commitment:{commitment.public_id}:{year}",
            gift=commitment.gift,
            description=_("Ten-year commitment (§ 12, stk. 3), %(year)s") % {"year": year},
            return_url=return_url,
        )
    return payment_services.mandate_start(
        supporter=commitment.supporter,
        purpose=Purpose.COMMITMENT,
        amount_ore=commitment.yearly_amount_ore,
        interval=Mandate.Interval.YEAR,
        provider=provider,
        idempotency_key=f"commitment-{commitment.public_id}",
        gift=commitment.gift,
        description=_("Ten-year commitment (§ 12, stk. 3)"),
        return_url=return_url,
    )


@transaction.atomic
def commitment_stopped(*, gift_id: int, at: datetime.datetime | None = None) -> bool:
    """Record that ``gift_id``'s commitment stopped (its mandate stopped or the gift was
    cancelled): no more payments are taken. Once: a second call changes nothing."""
    commitment = (
        Commitment.objects.select_for_update()
        .filter(gift_id=gift_id, stopped_at__isnull=True)
        .first()
    )
    if commitment is None:
        return False
    commitment.stopped_at = at or timezone.now()
    commitment.save(update_fields=["stopped_at", "updated_at"])
    audit_record(
        actor=None,
        action=AUDIT_COMMITMENT_STOPPED,
        target=commitment,
        data={"first_year": commitment.first_year, "years": commitment.years},
    )
    return True


def commitments_yearly(
    *,
    today: datetime.date | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] = lambda items, total: items,
) -> dict[str, int]:
    """The daily round of ``manage.py support_commitments``: in January, start this year's
    payment of every running bank-paid commitment and mail the donor the reference.
    Idempotent: the payment's key is per commitment and year, and the mail goes only when
    the payment was created by this run. Outside January it does nothing."""
    from socius.support.payments.models import Payment, Provider

    today = today or timezone.localdate()
    counts = {"started": 0, "already": 0}
    if today.month != 1:
        return counts
    year = today.year
    due = (
        Commitment.objects.filter(
            provider=Provider.BANK,
            stopped_at__isnull=True,
            cancelled_at__isnull=True,
            first_year__lte=year,
            supporter__anonymised_at__isnull=True,
        )
        .exclude(gift__status=Gift.Status.CANCELLED)
        .select_related("supporter", "gift")
    )
    due = due.filter(first_year__gt=year - F("years"))
    for commitment in progress(due.iterator(chunk_size=500), due.count()):
        key = f"commitment:{commitment.public_id}:{year}"
        if Payment.objects.filter(idempotency_key=key).exists():
            counts["already"] += 1
            continue
        with transaction.atomic():
            payment = commitment_payment_start(commitment=commitment, return_url="", year=year)
            notify(
                recipients=[supporter_recipient(commitment.supporter)],
                kind=MAIL_COMMITMENT_PAYMENT,
                template="support_tax/mail/commitment_payment",
                context={
                    "commitment": commitment,
                    "payment": payment,
                    "year": year,
                    "account": settings.SUPPORT_BANK_ACCOUNT,
                },
                link=reverse("support_tax:commitment-detail", args=[commitment.public_id]),
            )
        counts["started"] += 1
    if counts["started"]:
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AUDIT_COMMITMENT_PAYMENTS,
                data={"year": year, "started": counts["started"]},
            )
    return counts


def _pdf_attachment(name: str, pdf: bytes) -> tuple[str, str, str]:
    return (name, base64.b64encode(pdf).decode("ascii"), "application/pdf;base64")


def statement_send(
    *, supporter: Supporter, year: int, now: datetime.datetime | None = None
) -> AnnualStatement | None:
    """Send ``supporter``'s statement for ``year`` once (None: already sent, or nothing
    deductible). The mail says the amounts and whether the CPR number is given, never it."""
    from socius.support.tax.statements import statement_pdf

    summary = deduction_for(supporter=supporter, year=year)
    if summary.total_ore <= 0:
        return None
    with transaction.atomic():
        statement, created = AnnualStatement.objects.get_or_create(
            supporter=supporter,
            year=year,
            defaults={
                "amount_ore": summary.gift_ore,
                "capped_ore": summary.gift_capped_ore,
                "commitment_ore": summary.commitment_ore,
                "had_cpr": summary.has_cpr,
                "sent_at": now or timezone.now(),
            },
        )
        if not created:
            return None
        notify(
            recipients=[supporter_recipient(supporter)],
            kind=MAIL_STATEMENT,
            template="support_tax/mail/statement",
            context={"summary": summary, "supporter": supporter},
            link=reverse("support_tax:deduction"),
            attachments=[_pdf_attachment(f"fradrag-{year}.pdf", statement_pdf(supporter, summary))],
        )
    return statement


def statements_send(
    *, actor: Any, year: int, now: datetime.datetime | None = None, progress: Any = None
) -> int:
    """Send every statement for ``year`` not yet sent (idempotent; command
    ``support_tax_statements``). Returns how many were sent now."""
    from socius.support.tax.selectors import deductible_by_supporter

    ids = sorted(deductible_by_supporter(year=year))
    sent = 0
    for supporter in Supporter.objects.filter(pk__in=ids, anonymised_at__isnull=True).iterator():
        if statement_send(supporter=supporter, year=year, now=now) is not None:
            sent += 1
        if progress is not None:
            progress(1)
    with transaction.atomic():
        audit_record(actor=actor, action=AUDIT_STATEMENTS_SENT, data={"year": year, "sent": sent})
    return sent
