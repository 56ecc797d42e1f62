"""Every write of the visits part: offers, bookings, answers, reminders and evaluations.

Each service checks the actor itself, validates, writes in one transaction and audits; mail
goes through ``core.mail.notify`` (sent after commit, in each recipient's language). Pupils
never get mail: only the teacher and the association's contact persons are recipients.
``now``/``today`` move time in tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.models import Membership, Organisation
from socius.school import access_visits as access
from socius.school import audit_visits as audit
from socius.school import mail_visits as mail
from socius.school.access import teacher_is_verified
from socius.school.models import (
    BookingState,
    EvaluationSide,
    OfferStatus,
    SchoolClass,
    VisitBooking,
    VisitEvaluation,
    VisitKind,
    VisitOffer,
)

if TYPE_CHECKING:
    from socius.accounts.models import User

# How far ahead an offer may run: a longer period is almost surely a typing error.
OFFER_MAX_DAYS_AHEAD = 2 * 365
CERTIFICATE_STATEMENT = "Alle, der møder eleverne, har en børneattest"


@dataclass(frozen=True)
class OfferFields:
    """What the association writes about an offer."""

    title: str
    description: str
    kind: str
    place: str
    first_grade: int
    last_grade: int
    capacity: int
    duration_minutes: int
    available_from: datetime.date
    available_until: datetime.date
    weekdays: str = ""


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _offer_check(offer: VisitOffer, today: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    if offer.kind not in VisitKind.values:
        errors["kind"] = [_("Choose a kind of visit.")]
    if not (7 <= offer.first_grade <= 10 and 7 <= offer.last_grade <= 10):
        errors["first_grade"] = [_("The grades go from 7 to 10.")]
    elif offer.first_grade > offer.last_grade:
        errors["last_grade"] = [_("The last grade cannot come before the first.")]
    if not 1 <= offer.capacity <= 60:
        errors["capacity"] = [_("A visit takes from 1 to 60 pupils.")]
    if not 15 <= offer.duration_minutes <= 8 * 60:
        errors["duration_minutes"] = [_("A visit lasts from 15 minutes to 8 hours.")]
    if offer.available_until < offer.available_from:
        errors["available_until"] = [_("The last day cannot come before the first day.")]
    elif offer.available_until < today:
        errors["available_until"] = [_("The last day has passed. Choose a later day.")]
    elif (offer.available_until - today).days > OFFER_MAX_DAYS_AHEAD:
        errors["available_until"] = [_("An offer can run at most two years ahead.")]
    if errors:
        raise ValidationError(errors)
    offer.full_clean(exclude=["organisation", "contact", "childrens_certificate_confirmed_by"])


def _certificate_error() -> ValidationError:
    return ValidationError(
        {
            "certificate": [
                _(
                    "The offer cannot be listed yet. Confirm that everyone who meets the "
                    "pupils has a børneattest (a children's certificate from the police). "
                    "You can save the offer as a draft until then."
                )
            ]
        }
    )


def _apply_certificate(
    offer: VisitOffer, *, actor: User, confirmed: bool, now: datetime.datetime
) -> bool:
    """Record the statement (keeping its first date while valid); unticking removes it."""
    if confirmed and not offer.certificate_is_valid(now):
        offer.childrens_certificate_confirmed_at = now
        offer.childrens_certificate_confirmed_by = actor
        return True
    if not confirmed:
        offer.childrens_certificate_confirmed_at = None
        offer.childrens_certificate_confirmed_by = None
    return False


@transaction.atomic
def offer_create(
    *,
    actor: User,
    organisation: Organisation,
    fields: OfferFields,
    certificate_confirmed: bool,
    listed: bool,
    now: datetime.datetime | None = None,
) -> VisitOffer:
    """A new offer by a contact person of ``organisation``: a draft, or listed when the
    børneattest statement is given."""
    now = _now(now)
    access.require_contact(actor, organisation.pk)
    offer = VisitOffer(organisation=organisation, contact=actor, **fields.__dict__)
    _offer_check(offer, timezone.localdate(now))
    _apply_certificate(offer, actor=actor, confirmed=certificate_confirmed, now=now)
    if listed:
        if not offer.certificate_is_valid(now):
            raise _certificate_error()
        offer.status = OfferStatus.LISTED
    offer.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_OFFER_CREATED,
        target=offer,
        data={"status": offer.status, "certificate": offer.certificate_is_valid(now)},
    )
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: User,
    offer: VisitOffer,
    fields: OfferFields,
    certificate_confirmed: bool,
    listed: bool,
    now: datetime.datetime | None = None,
) -> VisitOffer:
    """Change an offer; ``listed`` lists it (with a valid statement) or keeps it a draft."""
    now = _now(now)
    access.require_contact(actor, offer.organisation_id)
    offer = VisitOffer.objects.select_for_update().get(pk=offer.pk)
    for name, value in fields.__dict__.items():
        setattr(offer, name, value)
    _offer_check(offer, timezone.localdate(now))
    _apply_certificate(offer, actor=actor, confirmed=certificate_confirmed, now=now)
    if listed and not offer.certificate_is_valid(now):
        raise _certificate_error()
    offer.status = OfferStatus.LISTED if listed else OfferStatus.DRAFT
    offer.save(
        update_fields=[
            *fields.__dict__,
            "childrens_certificate_confirmed_at",
            "childrens_certificate_confirmed_by",
            "status",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=audit.AUDIT_OFFER_UPDATED,
        target=offer,
        data={"status": offer.status, "certificate": offer.certificate_is_valid(now)},
    )
    return offer


@transaction.atomic
def offer_list(
    *, actor: User, offer: VisitOffer, now: datetime.datetime | None = None
) -> VisitOffer:
    """List an offer for teachers; refused without a valid børneattest statement."""
    now = _now(now)
    access.require_contact(actor, offer.organisation_id)
    if not offer.certificate_is_valid(now):
        raise _certificate_error()
    offer.status = OfferStatus.LISTED
    offer.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_OFFER_LISTED, target=offer)
    return offer


@transaction.atomic
def offer_withdraw(*, actor: User, offer: VisitOffer) -> VisitOffer:
    """Take an offer off the list. Bookings already made stay as they are."""
    access.require_contact(actor, offer.organisation_id)
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_OFFER_WITHDRAWN, target=offer)
    return offer


@transaction.atomic
def offer_confirm_certificate(
    *, actor: User, offer: VisitOffer, now: datetime.datetime | None = None
) -> VisitOffer:
    """Give (or renew for 12 months) the statement that everyone who meets the pupils has a
    børneattest, dated and signed by ``actor``."""
    now = _now(now)
    access.require_contact(actor, offer.organisation_id)
    offer.childrens_certificate_confirmed_at = now
    offer.childrens_certificate_confirmed_by = actor
    offer.save(
        update_fields=[
            "childrens_certificate_confirmed_at",
            "childrens_certificate_confirmed_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=audit.AUDIT_OFFER_CERTIFICATE,
        target=offer,
        data={"statement": CERTIFICATE_STATEMENT},
    )
    return offer


def _contacts(organisation_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=organisation_id, role=Membership.Role.CONTACT
        ).select_related("user")
    ]


def _booking_checks(
    *,
    offer: VisitOffer,
    school_class: SchoolClass,
    day: datetime.date,
    pupils: int,
    now: datetime.datetime,
) -> None:
    if not offer.is_bookable(now):
        raise ValidationError(_("This offer cannot be booked now."))
    today = timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    if day <= today:
        errors["day"] = [_("Choose a day after today.")]
    elif not offer.available_from <= day <= offer.available_until:
        errors["day"] = [_("Choose a day in the period the association offers.")]
    elif offer.weekdays and str(day.weekday()) not in offer.weekdays:
        errors["day"] = [
            _("The association offers visits on these days: %(days)s.")
            % {"days": ", ".join(offer.weekday_names)}
        ]
    limit = min(offer.capacity, school_class.pupils.count() + 1)
    if not 1 <= pupils <= limit:
        errors["pupils"] = [
            _("Book for 1 to %(limit)s pupils (the offer's places and your class's size).")
            % {"limit": limit}
        ]
    if not offer.first_grade <= school_class.grade <= offer.last_grade:
        errors["school_class"] = [
            _("The offer is for grades %(first)s to %(last)s.")
            % {"first": offer.first_grade, "last": offer.last_grade}
        ]
    if errors:
        raise ValidationError(errors)


def _slot_taken() -> ValidationError:
    return ValidationError({"starts_at": [_("This time is already booked. Choose another.")]})


@transaction.atomic
def booking_create(
    *,
    actor: User,
    offer: VisitOffer,
    school_class: SchoolClass,
    day: datetime.date,
    starts_at: datetime.time,
    pupils: int,
    message: str = "",
    now: datetime.datetime | None = None,
) -> VisitBooking:
    """A verified teacher books a listed offer for one of their classes. Two teachers asking
    for the same slot at once: the offer's row lock and the partial unique index let one in."""
    now = _now(now)
    if not teacher_is_verified(actor) or school_class.teacher_id != actor.pk:
        raise PermissionDenied
    if school_class.archived_at is not None:
        raise PermissionDenied
    offer = VisitOffer.objects.select_for_update().get(pk=offer.pk)
    _booking_checks(offer=offer, school_class=school_class, day=day, pupils=pupils, now=now)
    if len(message) > 1000:
        raise ValidationError({"message": [_("Write at most 1000 characters.")]})
    starts_at = starts_at.replace(second=0, microsecond=0)
    taken = VisitBooking.objects.filter(
        offer=offer, day=day, starts_at=starts_at, state__in=list(_active())
    )
    if taken.exists():
        raise _slot_taken()
    booking = VisitBooking(
        offer=offer,
        school_class=school_class,
        day=day,
        starts_at=starts_at,
        pupils=pupils,
        message=message.strip(),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise _slot_taken() from None
    audit_record(
        actor=actor,
        action=audit.AUDIT_BOOKING_CREATED,
        target=booking,
        data={"offer": str(offer.public_id), "day": day.isoformat(), "pupils": pupils},
    )
    notify(
        recipients=_contacts(offer.organisation_id),
        kind=mail.MAIL_VISIT_BOOKING,
        template="school/mail/booking_new",
        context={"booking": booking, "offer": offer, "school": school_class.school.name},
        link=reverse("school:offer-mine"),
    )
    return booking


def _active() -> Iterable[str]:
    return (BookingState.REQUESTED, BookingState.CONFIRMED, BookingState.HELD)


def _locked(booking: VisitBooking) -> VisitBooking:
    fresh = VisitBooking.objects.select_for_update().get(pk=booking.pk)
    booking.state = fresh.state
    booking.reminded_at = fresh.reminded_at
    booking.evaluation_invited_at = fresh.evaluation_invited_at
    return booking


def _class_link(booking: VisitBooking) -> str:
    return reverse("school:class-visits", args=[booking.school_class.public_id])


@transaction.atomic
def booking_answer(
    *,
    actor: User,
    booking: VisitBooking,
    confirm: bool,
    now: datetime.datetime | None = None,
) -> VisitBooking:
    """The association confirms or declines a request; the teacher is told."""
    now = _now(now)
    access.require_booking_side(actor, booking, "association")
    booking = _locked(booking)
    if booking.state != BookingState.REQUESTED:
        raise ValidationError(_("This booking has already been answered or cancelled."))
    if booking.day <= timezone.localdate(now) and confirm:
        raise ValidationError(_("The day of this booking has passed."))
    booking.state = BookingState.CONFIRMED if confirm else BookingState.DECLINED
    booking.answered_at = now
    booking.save(update_fields=["state", "answered_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_BOOKING_CONFIRMED if confirm else audit.AUDIT_BOOKING_DECLINED,
        target=booking,
    )
    notify(
        recipients=[booking.school_class.teacher],
        kind=mail.MAIL_VISIT_BOOKING,
        template="school/mail/booking_answer",
        context={"booking": booking, "offer": booking.offer, "confirmed": confirm},
        link=_class_link(booking),
    )
    return booking


@transaction.atomic
def booking_cancel(
    *, actor: User, booking: VisitBooking, now: datetime.datetime | None = None
) -> VisitBooking:
    """Either side cancels before the day; the other side is told."""
    now = _now(now)
    side = access.require_booking_side(actor, booking, "teacher", "association")
    booking = _locked(booking)
    if booking.state not in (BookingState.REQUESTED, BookingState.CONFIRMED):
        raise ValidationError(_("Only a booking that is waiting or confirmed can be cancelled."))
    if booking.day <= timezone.localdate(now):
        raise ValidationError(_("A booking can be cancelled until the day before."))
    booking.state = BookingState.CANCELLED
    booking.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor, action=audit.AUDIT_BOOKING_CANCELLED, target=booking, data={"by": side}
    )
    if side == "teacher":
        recipients, link = _contacts(booking.offer.organisation_id), reverse("school:offer-mine")
    else:
        recipients, link = [booking.school_class.teacher], _class_link(booking)
    notify(
        recipients=recipients,
        kind=mail.MAIL_VISIT_BOOKING,
        template="school/mail/booking_cancelled",
        context={"booking": booking, "offer": booking.offer},
        link=link,
    )
    return booking


def _both_sides(booking: VisitBooking) -> list[Any]:
    return [booking.school_class.teacher, *_contacts(booking.offer.organisation_id)]


@transaction.atomic
def booking_held(
    *, actor: User | None, booking: VisitBooking, now: datetime.datetime | None = None
) -> VisitBooking:
    """After the day, a confirmed visit is marked held (by either side, or the daily run
    with ``actor=None``), and both sides are invited to evaluate it."""
    now = _now(now)
    if actor is not None:
        access.require_booking_side(actor, booking, "teacher", "association")
    booking = _locked(booking)
    if booking.state != BookingState.CONFIRMED:
        raise ValidationError(_("Only a confirmed visit can be marked as held."))
    if booking.day >= timezone.localdate(now):
        raise ValidationError(_("A visit can be marked as held after its day."))
    booking.state = BookingState.HELD
    booking.evaluation_invited_at = now
    booking.save(update_fields=["state", "evaluation_invited_at", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_BOOKING_HELD, target=booking)
    notify(
        recipients=_both_sides(booking),
        kind=mail.MAIL_VISIT_EVALUATION,
        template="school/mail/booking_evaluate",
        context={"booking": booking, "offer": booking.offer},
        link=reverse("school:booking-evaluate", args=[booking.public_id]),
    )
    return booking


@transaction.atomic
def evaluation_add(
    *, actor: User, booking: VisitBooking, score: int, text: str = ""
) -> VisitEvaluation:
    """One short evaluation per side of a visit that was held."""
    side = access.require_booking_side(actor, booking, "teacher", "association")
    if booking.state != BookingState.HELD:
        raise ValidationError(_("A visit can be evaluated once it has been held."))
    if not 1 <= score <= 5:
        raise ValidationError({"score": [_("Choose a score from 1 to 5.")]})
    if len(text) > 1000:
        raise ValidationError({"text": [_("Write at most 1000 characters.")]})
    if VisitEvaluation.objects.filter(booking=booking, side=side).exists():
        raise ValidationError(_("Your side has already evaluated this visit."))
    evaluation = VisitEvaluation(
        booking=booking, side=EvaluationSide(side), score=score, text=text.strip(), created_by=actor
    )
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError(_("Your side has already evaluated this visit.")) from None
    audit_record(
        actor=actor,
        action=audit.AUDIT_EVALUATION_ADDED,
        target=booking,
        data={"side": side, "score": score},
    )
    return evaluation


@transaction.atomic
def _remind(booking: VisitBooking, now: datetime.datetime) -> bool:
    booking = _locked(booking)
    if booking.reminded_at is not None or booking.state != BookingState.CONFIRMED:
        return False
    booking.reminded_at = now
    booking.save(update_fields=["reminded_at", "updated_at"])
    context = {"booking": booking, "offer": booking.offer}
    template = "school/mail/booking_reminder"
    notify(
        recipients=[booking.school_class.teacher],
        kind=mail.MAIL_VISIT_REMINDER,
        template=template,
        context=context,
        link=_class_link(booking),
    )
    notify(
        recipients=_contacts(booking.offer.organisation_id),
        kind=mail.MAIL_VISIT_REMINDER,
        template=template,
        context=context,
        link=reverse("school:offer-mine"),
    )
    return True


def visit_reminders_send(
    *,
    now: datetime.datetime | None = None,
    progress: Callable[[Iterable[VisitBooking], int], Iterable[VisitBooking]] | None = None,
) -> dict[str, int]:
    """The daily run: remind both sides of tomorrow's confirmed visits (once: ``reminded_at``)
    and mark visits of past days held, inviting both sides to evaluate. Safe to run twice."""
    now = _now(now)
    today = timezone.localdate(now)
    related = ("offer__organisation", "school_class__teacher", "school_class__school")
    due = list(
        VisitBooking.objects.filter(
            state=BookingState.CONFIRMED,
            day=today + datetime.timedelta(days=1),
            reminded_at__isnull=True,
        ).select_related(*related)
    )
    past = list(
        VisitBooking.objects.filter(state=BookingState.CONFIRMED, day__lt=today).select_related(
            *related
        )
    )
    items: Iterable[VisitBooking] = [*due, *past]
    if progress is not None:
        items = progress(items, len(due) + len(past))
    counts = {"reminded": 0, "held": 0}
    due_ids = {b.pk for b in due}
    for booking in items:
        if booking.pk in due_ids:
            counts["reminded"] += int(_remind(booking, now))
        else:
            booking_held(actor=None, booking=booking, now=now)
            counts["held"] += 1
    return counts
