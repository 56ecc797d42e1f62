"""Every write of the event pages: events, their programme, speakers, registration questions,
calendar feeds and reminders. Each service checks the actor, validates, saves in one
transaction, audits, and queues its mail on commit (``core.mail.notify``).

Registrants are told of changes that matter to their calendar (times, venue, status) with the
event's iCalendar entry attached, its SEQUENCE raised, so calendar programs update the entry
they have; a cancellation carries METHOD:CANCEL.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_acts_for_organisation, user_can
from socius.core.audit import audit_record
from socius.core.mail import Address, notify
from socius.core.roles import Capability
from socius.core.text import danish_slugify
from socius.events import audit
from socius.events.access import event_can_manage
from socius.events.calendar import event_ics
from socius.events.mail_events import MAIL_EVENT_CHANGE, MAIL_EVENT_REMINDER
from socius.events.models import CalendarFeed, Event, Question, Registration, Session, Speaker
from socius.events.selectors import registrations_confirmed, registrations_to_remind
from socius.events.services import registration_link, secret_hash

if TYPE_CHECKING:
    from socius.accounts.models import User

# Fields an organiser edits; the rest (status, counters, sequence) belong to the services.
EVENT_FIELDS = (
    "kind", "title", "summary", "description", "theme", "space", "organisation",
    "starts_at", "ends_at", "venue_name", "venue_address", "venue_postcode", "venue_city",
    "municipality", "step_free", "hearing_loop", "sign_language_on_request",
    "accessible_toilet", "accessibility_note", "online_url", "capacity", "seats_held",
    "registration_opens_at", "registration_closes_at", "open_to_guests", "max_party_size",
    "asks_dietary", "asks_access", "offer_hours", "conversation",
)  # fmt: skip
# A change to one of these moves the event in people's calendars: SEQUENCE goes up.
CALENDAR_FIELDS = frozenset(
    {"title", "starts_at", "ends_at", "venue_name", "venue_address", "venue_postcode",
     "venue_city", "online_url"}
)  # fmt: skip
REMINDER_DAYS = (7, 1)
# Words of /arrangementer/'s own addresses, which an event's slug must not take.
RESERVED_SLUGS = frozenset({"talere", "kalender", "arrangoer", "tilmelding", "mine", "ny"})


def _unique_slug(model: Any, title: str, fallback: str) -> str:
    base = danish_slugify(title)[:100].strip("-") or fallback
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_organiser(actor: User, event: Event) -> None:
    """The think tank's and municipalities' events need EVENTS_MANAGE; an organisation's,
    that or acting for the organisation."""
    if user_can(actor, Capability.EVENTS_MANAGE):
        return
    if event.organisation_id is not None and user_acts_for_organisation(
        actor, event.organisation_id
    ):
        return
    raise PermissionDenied


def _validate(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("The event must end after it starts."))
    if event.registration_opens_at and event.registration_closes_at:
        if event.registration_closes_at < event.registration_opens_at:
            errors.setdefault("registration_closes_at", []).append(
                _("Registration must close after it opens.")
            )
        if event.ends_at and event.registration_closes_at > event.ends_at:
            errors.setdefault("registration_closes_at", []).append(
                _("Registration must close before the event ends.")
            )
    if event.capacity is not None and event.seats_held > event.capacity:
        errors.setdefault("seats_held", []).append(
            _("You cannot hold back more seats than the event has.")
        )
    if event.space_id is not None and event.organisation_id is not None:
        errors.setdefault("__all__", []).append(_("An event has one organiser."))
    if event.conversation is not None and not event.conversation.is_open:
        errors.setdefault("conversation", []).append(
            _("Pick a conversation that is open for votes.")
        )
    if event.conversation is not None and event.conversation.audience:
        # A closed conversation (deliberation.audiences) must never reach a public screen.
        errors.setdefault("conversation", []).append(_("Pick a public conversation."))
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["slug", "created_by"])


def _registrant(registration: Registration) -> Address:
    return Address(registration.email, registration.language or "da")


def _mail_calendar(event: Event, *, template: str, extra: dict[str, Any] | None = None) -> int:
    """Send each confirmed registrant the event's calendar entry (their own, with the online
    link), once the transaction commits."""
    sent = 0
    method = "CANCEL" if event.status == Event.Status.CANCELLED else "REQUEST"
    regs = list(registrations_confirmed(event))
    for registration in regs:
        ics = event_ics(event, registration=registration, method=method).decode()
        sent += notify(
            recipients=[_registrant(registration)],
            kind=MAIL_EVENT_CHANGE,
            template=template,
            context={"event": event, "registration": registration, **(extra or {})},
            link=event.get_absolute_url(),
            attachments=[("invite.ics", ics, "text/calendar")],
        )
    Registration.objects.filter(pk__in=[r.pk for r in regs]).update(sequence_sent=event.sequence)
    return sent


@transaction.atomic
def event_create(*, actor: User, **fields: Any) -> Event:
    """A new draft event. ``fields`` are ``EVENT_FIELDS``."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    event = Event(created_by=actor, status=Event.Status.DRAFT, **fields)
    _check_organiser(actor, event)
    event.slug = _unique_slug(Event, event.title, "arrangement")
    _validate(event)
    event.save()
    audit_record(actor=actor, action=audit.AUDIT_EVENT_CREATED, target=event)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, **fields: Any) -> Event:
    """Change an event. A change to its time, place or title raises ``sequence`` and mails
    the confirmed registrants the updated calendar entry."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_organiser(actor, event)  # the organiser before the change
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    _check_organiser(actor, event)  # and after it: nobody hands an event to someone else's
    _validate(event)
    if event.capacity < event.seats_taken + event.seats_held:
        raise ValidationError(
            {"capacity": _("More seats are already taken than the event would have.")}
        )
    moves = bool(CALENDAR_FIELDS & set(changed))
    if moves:
        event.sequence += 1
    event.save(update_fields=[*changed, "sequence", "updated_at"])
    audit_record(
        actor=actor, action=audit.AUDIT_EVENT_UPDATED, target=event, data={"fields": changed}
    )
    if moves and event.status == Event.Status.PUBLISHED:
        _mail_calendar(event, template="events/mail/event_changed")
    return event


@transaction.atomic
def event_publish(*, actor: User, event: Event) -> Event:
    """Show a draft event in the calendar."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_organiser(actor, event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    _validate(event)
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_EVENT_PUBLISHED, target=event)
    return event


@transaction.atomic
def event_cancel(
    *, actor: User, event: Event, reason: str, now: datetime.datetime | None = None
) -> Event:
    """Cancel an event: it stays visible, marked as cancelled, and every confirmed registrant
    is told why, with a METHOD:CANCEL calendar entry that removes it from their calendar."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the event is cancelled.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_organiser(actor, event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is already cancelled."))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now or timezone.now()
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    audit_record(
        actor=actor, action=audit.AUDIT_EVENT_CANCELLED, target=event, data={"reason": reason}
    )
    _mail_calendar(event, template="events/mail/event_cancelled", extra={"reason": reason})
    return event


# --- Sessions ---------------------------------------------------------------------------------
def _session_validate(session: Session) -> None:
    event = session.event
    errors: dict[str, list[str]] = {}
    if session.ends_at <= session.starts_at:
        errors.setdefault("ends_at", []).append(_("The item must end after it starts."))
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        errors.setdefault("starts_at", []).append(_("The item must lie within the event's time."))
    if errors:
        raise ValidationError(errors)
    session.full_clean()


def _speakers_set(session: Session, speakers: Iterable[tuple[Speaker, str]]) -> None:
    session.speaker_links.all().delete()
    seen: set[int] = set()
    for position, (speaker, part) in enumerate(speakers):
        if speaker.pk in seen:
            continue
        seen.add(speaker.pk)
        session.speaker_links.create(speaker=speaker, part=part, position=position)


@transaction.atomic
def session_create(
    *, actor: User, event: Event, speakers: Iterable[tuple[Speaker, str]] = (), **fields: Any
) -> Session:
    """Add an item to the programme with its speakers (``(speaker, part)`` pairs)."""
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied
    session = Session(event=event, **fields)
    _session_validate(session)
    session.save()
    _speakers_set(session, speakers)
    audit_record(actor=actor, action=audit.AUDIT_SESSION_SAVED, target=session)
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    speakers: Iterable[tuple[Speaker, str]] | None = None,
    **fields: Any,
) -> Session:
    """Change a programme item; ``speakers`` (when given) replaces its speakers."""
    if not event_can_manage(user=actor, event=session.event):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(session, name, value)
    _session_validate(session)
    session.save(update_fields=[*fields, "updated_at"])
    if speakers is not None:
        _speakers_set(session, speakers)
    audit_record(actor=actor, action=audit.AUDIT_SESSION_SAVED, target=session)
    return session


@transaction.atomic
def session_delete(*, actor: User, session: Session) -> None:
    if not event_can_manage(user=actor, event=session.event):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=audit.AUDIT_SESSION_DELETED,
        target=session.event,
        data={"session": session.pk, "title": session.title},
    )
    session.delete()


# --- Speakers ---------------------------------------------------------------------------------
def speaker_can_edit(*, user: User, speaker: Speaker) -> bool:
    """Staff edit every speaker; an organisation's contact only speakers on no programme but
    their own organisations' events (a speaker is shared between organisers)."""
    if user_can(user, Capability.EVENTS_MANAGE):
        return True
    events = Event.objects.filter(sessions__speakers=speaker).distinct()
    return all(event_can_manage(user=user, event=e) for e in events)


def _speaker_check(actor: User, speaker: Speaker) -> None:
    # Linking an account puts that person's publications on the page: staff only.
    if speaker.user_id is not None and not user_can(actor, Capability.EVENTS_MANAGE):
        raise PermissionDenied
    speaker.full_clean(exclude=["slug"])


@transaction.atomic
def speaker_create(*, actor: User, **fields: Any) -> Speaker:
    """A new speaker (name, affiliation, bio; ``user`` for staff)."""
    from socius.events.selectors import can_organise

    if not can_organise(actor):
        raise PermissionDenied
    speaker = Speaker(**fields)
    speaker.slug = _unique_slug(Speaker, speaker.name, "taler")
    _speaker_check(actor, speaker)
    speaker.save()
    audit_record(actor=actor, action=audit.AUDIT_SPEAKER_SAVED, target=speaker)
    return speaker


@transaction.atomic
def speaker_update(*, actor: User, speaker: Speaker, **fields: Any) -> Speaker:
    if not speaker_can_edit(user=actor, speaker=speaker):
        raise PermissionDenied
    before = speaker.user_id
    for name, value in fields.items():
        setattr(speaker, name, value)
    if speaker.user_id != before and not user_can(actor, Capability.EVENTS_MANAGE):
        raise PermissionDenied
    _speaker_check(actor, speaker) if speaker.user_id != before else speaker.full_clean()
    speaker.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_SPEAKER_SAVED, target=speaker)
    return speaker


# --- Registration questions -------------------------------------------------------------------
@transaction.atomic
def question_create(*, actor: User, event: Event, text: str, required: bool = False) -> Question:
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied
    position = event.questions.count()
    question = Question(event=event, text=text.strip(), required=required, position=position)
    question.full_clean()
    question.save()
    audit_record(actor=actor, action=audit.AUDIT_QUESTION_SAVED, target=question)
    return question


@transaction.atomic
def question_update(*, actor: User, question: Question, text: str, required: bool) -> Question:
    if not event_can_manage(user=actor, event=question.event):
        raise PermissionDenied
    question.text, question.required = text.strip(), required
    question.full_clean()
    question.save(update_fields=["text", "required"])
    audit_record(actor=actor, action=audit.AUDIT_QUESTION_SAVED, target=question)
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    if not event_can_manage(user=actor, event=question.event):
        raise PermissionDenied
    if question.answers.exists():
        raise ValidationError(_("People have answered this question; it cannot be removed."))
    audit_record(
        actor=actor,
        action=audit.AUDIT_QUESTION_DELETED,
        target=question.event,
        data={"question": question.pk},
    )
    question.delete()


# --- Calendar feeds ---------------------------------------------------------------------------
@transaction.atomic
def feed_renew(*, actor: User) -> str:
    """A new secret address for ``actor``'s calendar feed; the old one stops working. Returns
    the secret (shown once; only its SHA-256 is stored)."""
    secret = secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(user=actor, defaults={"key_hash": secret_hash(secret)})
    audit_record(actor=actor, action=audit.AUDIT_FEED_RENEWED, target=actor)
    return secret


def feed_user(key: str) -> User | None:
    """The active person whose feed ``key`` opens, or None (a forged or renewed key)."""
    if not key or len(key) > 100:
        return None
    feed = CalendarFeed.objects.filter(key_hash=secret_hash(key)).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


# --- Reminders --------------------------------------------------------------------------------
def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind confirmed registrants 7 days and 1 day before their event, each reminder once
    (``reminded_7_at``/``reminded_1_at``, set under the row's lock, so running it twice or in
    two processes sends nothing twice). Returns the number of mails queued."""
    now = now or timezone.now()
    sent = 0
    for days in REMINDER_DAYS:
        field = "reminded_7_at" if days == 7 else "reminded_1_at"
        for pk in list(registrations_to_remind(days=days, now=now).values_list("pk", flat=True)):
            sent += _remind_one(pk, field=field, days=days, now=now)
    if sent:
        audit_record(actor=None, action=audit.AUDIT_REMINDERS_SENT, data={"mails": sent})
    return sent


@transaction.atomic
def _remind_one(pk: int, *, field: str, days: int, now: datetime.datetime) -> int:
    registration = (
        Registration.objects.select_for_update()
        .filter(pk=pk, status=Registration.Status.CONFIRMED, **{f"{field}__isnull": True})
        .select_related("event")
        .first()
    )
    if registration is None:
        return 0
    setattr(registration, field, now)
    if days == 7:
        registration.save(update_fields=[field])
    else:  # the seven-day reminder is not sent after the one-day reminder
        registration.reminded_7_at = registration.reminded_7_at or now
        registration.save(update_fields=["reminded_1_at", "reminded_7_at"])
    return notify(
        recipients=[_registrant(registration)],
        kind=MAIL_EVENT_REMINDER,
        template="events/mail/reminder",
        context={"event": registration.event, "registration": registration, "days": days},
        # The person's own page (change or cancel there); only mailed, never stored.
        link=registration_link(registration),
    )
