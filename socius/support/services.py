"""Writes for memberships, gifts and campaigns. Each service runs in one transaction, checks the
actor itself and writes its audit entry; mail leaves on commit (core.mail.notify).

Payments are asked for through ``socius.support.payments.services`` (``payment_start``,
``mandate_start``, ``mandate_stop``), always with an idempotency key taken from the form the
payer sent: the key is made when the form is rendered (``form_key_new``), so a double click, a
second tab or a retry after a time-out sends the same key and finds the payment (and the gift)
already asked for instead of charging twice."""

from __future__ import annotations

import datetime
import hmac
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require, user_acts_for_organisation
from socius.core.audit import audit_record
from socius.core.crypto import secret_digest
from socius.core.mail import Address, notify
from socius.core.roles import Capability
from socius.support import audit
from socius.support.mail import MAIL_GIFT, MAIL_MEMBERSHIP
from socius.support.models import Campaign, Gift, Membership, MembershipTier, Supporter
from socius.support.selectors import membership_current

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer
    from socius.core.models import Organisation
    from socius.support.payments.models import Mandate, Payment

FORM_KEY_SALT = "socius.support.form-key"
FORM_KEY_MAX_AGE = datetime.timedelta(days=2)
MIN_GIFT_ORE = 10_00
MAX_GIFT_ORE = 1_000_000_00


# --- form keys ---------------------------------------------------------------------------


def form_key_new() -> str:
    """A fresh signed key for one rendered payment form (a hidden field)."""
    return signing.dumps(uuid.uuid4().hex, salt=FORM_KEY_SALT)


def form_key_read(signed: str) -> str:
    """The key inside a form's hidden field. Threat model: the field comes from the browser, so
    only keys this server issued (signed, at most two days old) are accepted; a forged or
    replayed-from-elsewhere value cannot name another person's payment, and a refused key is
    a form error asking to send the form again."""
    try:
        value = signing.loads(signed[:200], salt=FORM_KEY_SALT, max_age=FORM_KEY_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(
            _("The form is too old or was changed. Please fill it in again."), code="form_key"
        ) from exc
    if not isinstance(value, str) or len(value) != 32:
        raise ValidationError(_("The form was changed. Please fill it in again."), code="form_key")
    return value


# --- supporters --------------------------------------------------------------------------


@transaction.atomic
def supporter_for(
    *,
    actor: Viewer,
    name: str,
    email: str,
    language: str = "da",
    organisation: Organisation | None = None,
) -> Supporter:
    """Who pays: the organisation the actor acts for, the actor's own supporter row, or (for a
    visitor without an account) a new supporter with the name and address given."""
    if organisation is not None:
        if not actor.is_authenticated or not user_acts_for_organisation(actor, organisation.pk):
            raise PermissionDenied
        supporter, _created = Supporter.objects.get_or_create(
            organisation=organisation,
            defaults={"kind": Supporter.Kind.ORGANISATION, "name": organisation.name,
                      "email": email, "language": language},
        )  # fmt: skip
        return supporter
    if actor.is_authenticated:
        found = Supporter.objects.filter(user=actor).first()
        supporter = found or Supporter(user=actor, kind=Supporter.Kind.PERSON)
        supporter.name = name or supporter.name or actor.get_full_name() or actor.email
        supporter.email = email or supporter.email or actor.email
        supporter.language = language
        supporter.full_clean()
        supporter.save()
        return supporter
    supporter = Supporter(name=name, email=email, language=language)
    supporter.full_clean()
    supporter.save()
    return supporter


# --- payments ----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    from socius.core.mail import absolute_url

    return absolute_url(path)


def _checkout(
    *,
    supporter: Supporter,
    purpose: str,
    amount_ore: int,
    provider: str,
    key: str,
    interval: str | None,
    description: str,
    return_url: str,
    gift: Gift | None = None,
    membership: Membership | None = None,
) -> Payment | Mandate:
    """Ask payments for one payment or a mandate (its ``checkout_url`` is where to pay)."""
    from socius.support.payments import services as payments

    if interval is None:
        payment = payments.payment_start(
            supporter=supporter, purpose=purpose, amount_ore=amount_ore, provider=provider,
            idempotency_key=key, gift=gift, membership=membership, description=description,
            return_url=return_url,
        )  # fmt: skip
        return payment
    return payments.mandate_start(
        supporter=supporter, purpose=purpose, amount_ore=amount_ore, interval=interval,
        provider=provider, idempotency_key=key, gift=gift, membership=membership,
        description=description, return_url=return_url,
    )  # fmt: skip


# --- memberships -------------------------------------------------------------------------


@transaction.atomic
def membership_join(
    *,
    actor: Viewer,
    supporter: Supporter,
    tier: MembershipTier,
    provider: str,
    form_key: str,
    auto_renew: bool = False,
) -> tuple[Membership, Payment | Mandate]:
    """Join (or pay the next year of a current membership): the membership, pending until the
    fee is in the ledger, and the URL where the fee is paid. A yearly automatic renewal is a
    mandate instead of a single payment."""
    from socius.support.payments.models import Mandate, Purpose

    if not tier.active or tier.for_kind != supporter.kind:
        raise ValidationError({"tier": _("Choose one of the memberships offered.")})
    membership = membership_current(supporter)
    if membership is None:
        membership = Membership.objects.create(
            supporter=supporter, tier=tier, auto_renew=auto_renew
        )
        audit_record(actor=_actor(actor), action=audit.AUDIT_MEMBERSHIP_JOINED,
                     target=membership, data={"tier": tier.slug})  # fmt: skip
    elif membership.status == Membership.Status.PENDING:
        membership.tier = tier
        membership.auto_renew = auto_renew
        membership.save(update_fields=["tier", "auto_renew", "updated_at"])
    return_url = _absolute(
        reverse("support:mine") if supporter.user_id else reverse("support:thanks")
    )
    checkout = _checkout(
        supporter=supporter, purpose=Purpose.MEMBERSHIP, amount_ore=membership.tier.yearly_fee_ore,
        provider=provider, key=f"membership:{form_key}",
        interval=Mandate.Interval.YEAR if auto_renew else None,
        description=_("Membership: %(tier)s") % {"tier": membership.tier.name},
        return_url=return_url, membership=membership,
    )  # fmt: skip
    return membership, checkout


def _actor(actor: Viewer | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def year_after(day: datetime.date) -> datetime.date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def membership_paid(*, membership: Membership, paid_on: datetime.date) -> None:
    """A year's fee arrived: active, and paid one year on from the later of the old end and the
    day of payment. Called by the payment receiver inside the payments' transaction."""
    start = max(filter(None, [membership.paid_until, paid_on]))
    membership.paid_until = year_after(start)
    fields = ["paid_until", "updated_at"]
    if membership.status in (Membership.Status.PENDING, Membership.Status.LAPSED):
        other = membership_current(membership.supporter)
        if other is None or other.pk == membership.pk:
            membership.status = Membership.Status.ACTIVE
            membership.lapsed_at = None
            fields += ["status", "lapsed_at"]
    membership.save(update_fields=fields)
    audit_record(actor=None, action=audit.AUDIT_MEMBERSHIP_PAID, target=membership,
                 data={"paid_until": membership.paid_until.isoformat()})  # fmt: skip
    _mail_supporter(membership.supporter, MAIL_MEMBERSHIP, "support/mail/membership_paid",
                    {"membership": membership})  # fmt: skip


@transaction.atomic
def membership_resign(
    *, actor: User, membership: Membership, now: datetime.datetime | None = None
) -> None:
    """The member resigns: no refund; the membership runs to ``paid_until`` and ends there
    (at once when nothing is paid). Any automatic renewal stops now."""
    from socius.support.payments import services as payments
    from socius.support.payments.models import Mandate

    if membership.supporter.user_id != actor.pk:
        raise PermissionDenied
    if membership.resigned_at or membership.status in (
        Membership.Status.RESIGNED, Membership.Status.LAPSED,
    ):  # fmt: skip
        raise ValidationError(_("This membership has already ended."))
    now = now or timezone.now()
    membership.resigned_at = now
    membership.auto_renew = False
    fields = ["resigned_at", "auto_renew", "updated_at"]
    if (
        membership.status == Membership.Status.PENDING
        or not membership.paid_until
        or (membership.paid_until < timezone.localdate(now))
    ):
        membership.status = Membership.Status.RESIGNED
        fields.append("status")
    membership.save(update_fields=fields)
    for mandate in membership.mandates.exclude(status=Mandate.Status.STOPPED):
        payments.mandate_stop(mandate=mandate, actor=actor)
    audit_record(actor=actor, action=audit.AUDIT_MEMBERSHIP_RESIGNED, target=membership)


# --- gifts -------------------------------------------------------------------------------


@transaction.atomic
def gift_give(
    *,
    actor: Viewer,
    supporter: Supporter | Callable[[], Supporter],
    amount_ore: int,
    frequency: str,
    provider: str,
    form_key: str,
    campaign: Campaign | None = None,
    deductible: bool = False,
    today: datetime.date | None = None,
) -> tuple[Gift, Payment | Mandate]:
    """Give once, monthly or yearly: the gift (pending until paid or the mandate runs) and the
    URL where the payer pays. The same form key gives the same gift and payment back.
    ``supporter`` may be a function that finds or makes the supporter: it is called only when
    the gift is new, in the gift's own savepoint, so a double click by a visitor leaves no
    second supporter behind."""
    from socius.support.payments.models import Mandate, Purpose

    key = f"gift:{form_key}"
    existing = Gift.objects.filter(idempotency_key=key).first()
    if existing is None:
        if not MIN_GIFT_ORE <= amount_ore <= MAX_GIFT_ORE:
            raise ValidationError(
                {"amount": _("Choose an amount between 10 kr. and 1.000.000 kr.")}
            )
        if frequency not in Gift.Frequency.values:
            raise ValidationError({"frequency": _("Choose how often you give.")})
        if campaign is not None and not campaign_is_open(campaign, today=today):
            raise ValidationError(_("This campaign is not collecting money now."))
        try:
            with transaction.atomic():
                payer = supporter() if callable(supporter) else supporter
                existing = Gift.objects.create(
                    supporter=payer, amount_ore=amount_ore, frequency=frequency,
                    campaign=campaign, deductible=deductible, idempotency_key=key,
                )  # fmt: skip
        except IntegrityError:  # the same form, sent a second time at the same moment
            existing = Gift.objects.get(idempotency_key=key)
        else:
            audit_record(actor=_actor(actor), action=audit.AUDIT_GIFT_CREATED, target=existing,
                         data={"amount_ore": amount_ore, "frequency": frequency})  # fmt: skip
    gift = existing
    intervals: dict[str, str] = {Gift.Frequency.MONTHLY: Mandate.Interval.MONTH,
                                 Gift.Frequency.YEARLY: Mandate.Interval.YEAR}  # fmt: skip
    interval = intervals.get(gift.frequency)
    checkout = _checkout(
        supporter=gift.supporter, purpose=Purpose.GIFT, amount_ore=gift.amount_ore,
        provider=provider, key=key, interval=interval,
        description=(gift.campaign.title if gift.campaign else _("Gift")),
        return_url=_absolute(reverse("support:gift-thanks", args=[gift.public_id])), gift=gift,
    )  # fmt: skip
    return gift, checkout


def campaign_is_open(campaign: Campaign, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        campaign.status == Campaign.Status.PUBLISHED
        and campaign.starts_on <= today <= campaign.ends_on
    )


def gift_stop_token(gift: Gift) -> str:
    """The secret in a recurring gift's stop link (in its receipts): a keyed hash of the gift's
    id, so the link works without an account. Threat model: whoever holds a receipt mail can
    stop that one gift (and nothing else); the gift's id alone, which the payment provider sees
    in the return address, is not enough."""
    return secret_digest(str(gift.public_id), purpose=b"socius-giftstop")[:32]


def gift_stop_url(gift: Gift) -> str:
    return _absolute(reverse("support:gift-stop", args=[gift.public_id, gift_stop_token(gift)]))


def gift_for_stop_link(*, public_id: Any, token: str) -> Gift | None:
    """The recurring gift a stop link names, or None when the link is not genuine."""
    gift = Gift.objects.filter(public_id=public_id).select_related("supporter").first()
    if gift is None or not hmac.compare_digest(gift_stop_token(gift), str(token)[:64]):
        return None
    return gift


def gift_receipt_send(
    *, gift: Gift, amount_ore: int, booked_on: datetime.date, reference: str
) -> None:
    """Mail the donor that a payment of ``gift`` arrived (after the commit, once per ledger
    entry, since the payment signals are sent once per entry). Recurring gifts' receipts carry
    the stop link; a deductible gift's receipt says whether the CPR number is still missing."""
    _mail_supporter(gift.supporter, MAIL_GIFT, "support/mail/gift_receipt", {
        "gift": gift,
        "amount_ore": amount_ore,
        "booked_on": booked_on,
        "reference": reference,
        "stop_url": gift_stop_url(gift) if gift.frequency != Gift.Frequency.ONCE else "",
        "deduction_url": _absolute(reverse("support_tax:deduction")) if gift.deductible else "",
    })  # fmt: skip


@transaction.atomic
def gift_cancel(
    *, actor: User | None, gift: Gift, now: datetime.datetime | None = None, by_link: bool = False
) -> None:
    """Stop a recurring gift: its mandate is stopped with the provider; nothing more is
    charged. What was paid stays paid. The donor's own account, or (``by_link``) the stop link
    from a receipt, which the view has checked with ``gift_for_stop_link``."""
    from socius.support.payments import services as payments
    from socius.support.payments.models import Mandate

    if not by_link and (actor is None or gift.supporter.user_id != actor.pk):
        raise PermissionDenied
    if gift.frequency == Gift.Frequency.ONCE or gift.status not in (
        Gift.Status.ACTIVE, Gift.Status.PENDING,
    ):  # fmt: skip
        raise ValidationError(_("Only a running recurring gift can be stopped."))
    for mandate in gift.mandates.exclude(status=Mandate.Status.STOPPED):
        payments.mandate_stop(mandate=mandate, actor=actor)
    gift.status = Gift.Status.CANCELLED
    gift.cancelled_at = now or timezone.now()
    gift.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_GIFT_CANCELLED, target=gift)
    _mail_supporter(gift.supporter, MAIL_GIFT, "support/mail/gift_cancelled", {"gift": gift})


def gift_status_set(*, gift: Gift, status: str) -> None:
    """Move a gift to ``status`` (receivers of the payment signals)."""
    if gift.status != status:
        gift.status = status
        gift.save(update_fields=["status", "updated_at"])


def _mail_supporter(
    supporter: Supporter, kind: Any, template: str, context: dict[str, Any]
) -> None:
    if supporter.anonymised_at or not supporter.email:
        return
    notify(recipients=[Address(supporter.email, supporter.language)], kind=kind,
           template=template, context={"supporter": supporter, **context})  # fmt: skip


# --- campaigns ---------------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, actor: User, campaign: Campaign) -> Campaign:
    """Create or change a campaign. A campaign is published only with Indsamlingsnævnet's
    permission number (indsamlingsloven), valid until the campaign ends; the database
    refuses it too, as the last line."""
    require(actor, Capability.SUPPORT_TREASURER)
    if campaign.status != Campaign.Status.DRAFT:
        campaign.permission_number = campaign.permission_number.strip()
        if not campaign.permission_number:
            raise ValidationError({"permission_number": _(
                "A campaign can only be published with Indsamlingsnævnet's permission number. "
                "Save it as a draft until you have the permission."
            )})  # fmt: skip
        valid = campaign.permission_valid_until
        if valid is not None and valid < campaign.ends_on:
            raise ValidationError({"permission_valid_until": _(
                "The permission must be valid until the campaign ends."
            )})  # fmt: skip
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action=audit.AUDIT_CAMPAIGN_SAVED, target=campaign,
                 data={"status": campaign.status})  # fmt: skip
    return campaign


# --- membership tiers --------------------------------------------------------------------

MAX_TIER_FEE_ORE = 1_000_000_00


def _tier_check(tier: MembershipTier) -> None:
    if not 100 <= tier.yearly_fee_ore <= MAX_TIER_FEE_ORE:
        raise ValidationError(
            {"yearly_fee": _("The yearly fee must be between 1 kr. and 1.000.000 kr.")}
        )
    tier.full_clean()


@transaction.atomic
def tier_create(*, actor: User, tier: MembershipTier) -> MembershipTier:
    """Save a new membership tier (the treasurer)."""
    require(actor, Capability.SUPPORT_TREASURER)
    if tier.pk is not None:
        raise ValidationError(_("This membership tier already exists."))
    _tier_check(tier)
    tier.save()
    audit_record(actor=actor, action=audit.AUDIT_TIER_CREATED, target=tier,
                 data={"slug": tier.slug, "yearly_fee_ore": tier.yearly_fee_ore})  # fmt: skip
    return tier


@transaction.atomic
def tier_update(*, actor: User, tier: MembershipTier) -> MembershipTier:
    """Save the treasurer's changes to a tier. A new fee is not charged or refunded to members
    who have paid: their paid period stays as it is, and the fee applies from each member's
    next renewal (``membership_join`` asks for the tier's fee as it is then). A tier with
    current members keeps its kind (persons or organisations), since its members are of that
    kind."""
    require(actor, Capability.SUPPORT_TREASURER)
    old = MembershipTier.objects.select_for_update().filter(pk=tier.pk).first()
    if old is None:
        raise ValidationError(_("This membership tier no longer exists."))
    current = old.memberships.filter(
        status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE]
    ).count()
    if current and tier.for_kind != old.for_kind:
        raise ValidationError({"for_kind": _(
            "The tier has members, so it cannot change between persons and organisations. "
            "Create a new tier instead."
        )})  # fmt: skip
    _tier_check(tier)
    tier.save()
    data: dict[str, Any] = {"slug": tier.slug, "current_members": current}
    if old.yearly_fee_ore != tier.yearly_fee_ore:
        data.update(old_fee_ore=old.yearly_fee_ore, yearly_fee_ore=tier.yearly_fee_ore)
    if old.active != tier.active:
        data["active"] = tier.active
    audit_record(actor=actor, action=audit.AUDIT_TIER_UPDATED, target=tier, data=data)
    return tier
