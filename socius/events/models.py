"""Events: conferences, debates, citizen meetings, workshops and associations' events.

An event has one organiser: the think tank (neither ``space`` nor ``organisation`` set), a
municipality (``space``) or an organisation (``organisation``). Times are aware datetimes,
shown in Europe/Copenhagen. Seats are counted in people: a registration holds ``party_size``
seats. ``seats_taken`` on the event is the sum of the party sizes of confirmed and offered
registrations, kept by the services under the event row's lock, so no seat is sold twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        DEBATE = "debate", _("Debate")
        CITIZEN_MEETING = "citizen_meeting", _("Citizen meeting")
        WORKSHOP = "workshop", _("Workshop")
        ASSOCIATION = "association", _("An association's event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=500)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("theme")
    )
    # The organiser: the think tank when both are empty.
    space = models.ForeignKey(
        "core.MunicipalSpace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality (organiser)"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organisation (organiser)"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # The venue. An online-only event has no address and an online link.
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("street address"), max_length=200, blank=True)
    venue_postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    venue_city = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality where it takes place"),
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language_on_request = models.BooleanField(
        _("sign-language interpretation on request"), default=False
    )
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    accessibility_note = models.CharField(_("more about access"), max_length=500, blank=True)
    # Shown to confirmed registrations only, never on the public page or in a public feed.
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    seats_held = models.PositiveIntegerField(
        _("seats held back"),
        default=0,
        help_text=_("Seats kept for speakers, guests or the press; not offered to registrations."),
    )
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    # Public events take registrations without an account (confirmed by e-mail).
    open_to_guests = models.BooleanField(_("people without an account can register"), default=True)
    max_party_size = models.PositiveSmallIntegerField(_("most people per registration"), default=4)
    # GDPR art. 9: needs are asked only when the organiser needs them (docs/events.md).
    asks_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    asks_access = models.BooleanField(_("ask about accessibility needs"), default=False)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a seat from the waiting list"), default=24
    )
    # A live debate: the deliberation conversation the audience votes in.
    conversation = models.ForeignKey(
        "deliberation.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conversation for the live debate"),
    )
    # iCalendar SEQUENCE (RFC 5545): raised by every change registrants should see.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Arrival order on the waiting list: the next number handed out.
    waiting_counter = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"], name="events_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="events_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="events_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(space__isnull=True) | Q(organisation__isnull=True),
                name="events_one_organiser",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_capacity_positive"),
            models.CheckConstraint(
                condition=Q(seats_held__lte=models.F("capacity")),
                name="events_held_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1), name="events_party_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", args=[self.slug])

    @property
    def seats_offered(self) -> int:
        """Seats registrations can have: capacity less the seats held back."""
        return self.capacity - self.seats_held

    @property
    def seats_left(self) -> int:
        return max(self.seats_offered - self.seats_taken, 0)


class Speaker(models.Model):
    """A person who speaks, moderates or sits on a panel; their page lists their events and,
    when linked to an account, the publications they wrote in the knowledge hub."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("title and workplace"), max_length=200, blank=True)
    bio = models.TextField(_("about"), max_length=2000, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:speaker-detail", args=[self.slug])


class Session(models.Model):
    """One item of an event's programme: a talk, a panel, a workshop round."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", related_name="sessions", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="events_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SessionSpeaker(models.Model):
    class Part(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        PANELLIST = "panellist", _("Panellist")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_links")
    part = models.CharField(_("part"), max_length=12, choices=Part.choices, default=Part.SPEAKER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="events_speaker_once")
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id}@{self.session_id}"


class Question(models.Model):
    """A question the organiser adds to the registration form."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Registration(models.Model):
    """One registration for one or more people (``party_size``).

    Status: ``confirmed`` holds seats; ``waiting`` is on the waiting list in ``waiting_number``
    order; ``offered`` holds seats until ``offer_expires_at`` and becomes confirmed when
    accepted; ``cancelled`` (by the person or the organiser), ``left`` (left the waiting list),
    ``expired`` (an offer not answered in time) hold nothing.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a seat")
        CANCELLED = "cancelled", _("Cancelled")
        LEFT = "left", _("Left the waiting list")
        EXPIRED = "expired", _("Offer expired")

    HOLDS_SEATS = frozenset({Status.CONFIRMED, Status.OFFERED})

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    # For people without an account; copied from the account otherwise.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(max_length=8, default="da")
    party_size = models.PositiveSmallIntegerField(_("number of people"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # SHA-256 of the secret in the personal page's link; the secret itself is never stored.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    waiting_number = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # Needs (GDPR art. 9): codes only, with the moment consent was given; erased 30 days after
    # the event by ``events_needs_erase``.
    dietary_needs = models.JSONField(default=list, blank=True)
    access_needs = models.JSONField(default=list, blank=True)
    needs_consent_at = models.DateTimeField(null=True, blank=True)
    needs_erased_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_7_at = models.DateTimeField(null=True, blank=True)
    reminded_1_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE this registration's last calendar mail carried.
    sequence_sent = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "waiting_number"], name="events_reg_queue"),
            models.Index(fields=["status", "offer_expires_at"], name="events_reg_offers"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="events_reg_party_positive"
            ),
            # One live registration per account per event.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & Q(status__in=["confirmed", "waiting", "offered"]),
                name="events_reg_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["event", "waiting_number"], name="events_reg_waiting_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.public_id}"


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=2000)

    class Meta:
        ordering = ["question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="events_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}:{self.question_id}"


class WaitingListMove(models.Model):
    """An organiser moved someone up the waiting list (or gave them a seat): who, why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="moves")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_number = models.PositiveBigIntegerField(null=True)
    to_number = models.PositiveBigIntegerField(null=True)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_number} -> {self.to_number}"


class CalendarFeed(models.Model):
    """A person's own calendar feed of their registrations, behind a secret address they can
    renew (renewing makes the old address answer 404)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
