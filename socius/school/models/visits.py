"""Associations in the classroom: an organisation from the community directory offers visits
and short placements, a class's teacher books one, both sides evaluate it afterwards.

An offer is shown to teachers and can be booked only while it is listed AND its organisation
has confirmed, within the last 12 months, that everyone who meets the pupils has a børneattest
(lov om indhentelse af børneattest). The confirmation is a statement with a date and the
person who made it; the platform never sees the certificates themselves.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BookingState",
    "EvaluationSide",
    "OfferStatus",
    "VisitBooking",
    "VisitEvaluation",
    "VisitKind",
    "VisitOffer",
    "certificate_valid_until",
]

WEEKDAY_NAMES = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


class VisitKind(models.TextChoices):
    CLASS_VISIT = "class_visit", _("A visit to the class")
    AT_ASSOCIATION = "at_association", _("A visit at the association")
    PLACEMENT = "placement", _("A short placement")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LISTED = "listed", _("Listed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BookingState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for an answer")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


# Bookings that hold their slot: a declined or cancelled booking frees it.
ACTIVE_STATES = (BookingState.REQUESTED, BookingState.CONFIRMED, BookingState.HELD)


class EvaluationSide(models.TextChoices):
    TEACHER = "teacher", _("The teacher")
    ASSOCIATION = "association", _("The association")


def certificate_valid_until(confirmed_at: datetime.datetime) -> datetime.datetime:
    """A confirmation holds for 12 calendar months (29 February gives 28 February)."""
    try:
        return confirmed_at.replace(year=confirmed_at.year + 1)
    except ValueError:
        return confirmed_at.replace(year=confirmed_at.year + 1, day=28)


class VisitOffer(models.Model):
    """A visit or short placement an organisation offers to classes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="visit_offers",
        verbose_name=_("association"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contact person"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=3000)
    kind = models.CharField(_("kind of visit"), max_length=20, choices=VisitKind.choices)
    place = models.CharField(_("place"), max_length=200)
    first_grade = models.PositiveSmallIntegerField(_("from grade"))
    last_grade = models.PositiveSmallIntegerField(_("to grade"))
    capacity = models.PositiveSmallIntegerField(_("pupils at most"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"))
    # The days of the week that can be booked, as digits 0 (Monday) to 6 (Sunday); empty: any.
    weekdays = models.CharField(
        _("weekdays"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^[0-6]*$")],
    )
    childrens_certificate_confirmed_at = models.DateTimeField(
        _("børneattest confirmed at"), null=True, blank=True
    )
    childrens_certificate_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("børneattest confirmed by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["available_from", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_grade__gte=7, last_grade__lte=10)
                & Q(first_grade__lte=models.F("last_grade")),
                name="school_visit_offer_grades",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=60), name="school_visit_offer_capacity"
            ),
            models.CheckConstraint(
                condition=Q(available_from__lte=models.F("available_until")),
                name="school_visit_offer_period",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "available_until"], name="school_visit_offer_listed")
        ]
        verbose_name = _("visit offer")
        verbose_name_plural = _("visit offers")

    def __str__(self) -> str:
        return self.title

    @property
    def weekday_numbers(self) -> list[int]:
        return sorted({int(d) for d in self.weekdays})

    @property
    def weekday_names(self) -> list[str]:
        return [str(WEEKDAY_NAMES[d]) for d in self.weekday_numbers]

    def certificate_valid_until(self) -> datetime.datetime | None:
        if self.childrens_certificate_confirmed_at is None:
            return None
        return certificate_valid_until(self.childrens_certificate_confirmed_at)

    def certificate_is_valid(self, now: datetime.datetime | None = None) -> bool:
        until = self.certificate_valid_until()
        return until is not None and until > (now or timezone.now())

    def is_bookable(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == OfferStatus.LISTED
            and self.certificate_is_valid(now)
            and self.available_until > timezone.localdate(now)
        )


class VisitBooking(models.Model):
    """A class's booking of an offer at one day and time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        VisitOffer, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("offer")
    )
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        related_name="visit_bookings",
        verbose_name=_("class"),
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("time"))
    pupils = models.PositiveSmallIntegerField(_("number of pupils"))
    message = models.TextField(_("message"), max_length=1000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=BookingState.choices, default=BookingState.REQUESTED
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    evaluation_invited_at = models.DateTimeField(_("invited to evaluate at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        constraints = [
            # Two teachers at once for the same slot: the database lets one of them in.
            models.UniqueConstraint(
                fields=["offer", "day", "starts_at"],
                condition=Q(state__in=["requested", "confirmed", "held"]),
                name="school_visit_booking_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(pupils__gte=1, pupils__lte=60), name="school_visit_booking_pupils"
            ),
        ]
        verbose_name = _("visit booking")
        verbose_name_plural = _("visit bookings")

    def __str__(self) -> str:
        return f"{self.offer_id} {self.day} {self.starts_at}"


class VisitEvaluation(models.Model):
    """One side's short evaluation of a visit that was held."""

    booking = models.ForeignKey(VisitBooking, on_delete=models.CASCADE, related_name="evaluations")
    side = models.CharField(_("side"), max_length=12, choices=EvaluationSide.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    text = models.TextField(_("text"), blank=True, validators=[MaxLengthValidator(1000)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["booking", "side"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "side"], name="school_visit_eval_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="school_visit_eval_score"
            ),
        ]
        verbose_name = _("visit evaluation")
        verbose_name_plural = _("visit evaluations")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.side}"
