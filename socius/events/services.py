"""Registration and the waiting list: every write, each in one transaction.

Seats. Every decision about seats (register, change the party size, cancel, leave, accept,
expire, an organiser's move, a raised capacity) first locks the event's row
(``select_for_update``), then expires the event's overdue offers, then decides. So
``Event.seats_taken`` always equals the sum of the party sizes of the confirmed and offered
registrations, and two people can never take the same last seat: the second waits for the
first's transaction and then sees the seat gone. Waiting-list numbers come from
``Event.waiting_counter`` under the same lock, so they are unique and in arrival order.
Seats are decided from that counter, never by adding up rows.

The lock serialises every registration for one event, so a registration does all that needs
no lock first (checking the input, deriving the personal link's key, building the row) and
takes the lock last: the lock's statement also tells whether any offer is overdue, and then
come only the insert and the counter's update before the commit. Mail is rendered after the
commit.

Audit. What the organiser or the system decides is audited (a seat offered or expired, a
move on the waiting list with its reason, the needs erased, an erased account's seats given
back). A person's own actions on their registration (registering, changing, cancelling,
leaving the list, accepting a seat) are not: they are personal data, the audit log is kept
for years, and the registration row itself records them (as with signatures and votes).

The personal link. Threat model: the link in the mails (``tilmelding/<key>/``) is the only
thing that lets a person without an account see and change their registration, so whoever
holds it (a forwarded mail, a shared screen) can do the same: change the party size, the
answers and needs, cancel, accept or decline an offer. It reveals no other registration.
The key is 256 bits (an HMAC-SHA256 of the registration's random public id under the site's
SECRET_KEY), never stored: the database keeps only its SHA-256 (``key_hash``), so a copy of
the database gives no working link, and a guessed key is a 2^-256 chance. Deriving it rather
than storing it lets later mails (an offer from the waiting list) carry the same link. Someone
who holds both the database and SECRET_KEY can compute every link, as they could forge any
session. Pages behind the key are never cached and send no referrer to other sites (views).
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socius.core.audit import audit_record
from socius.core.mail import Address, MailKind, notify
from socius.events import audit_registration as audit
from socius.events import gdpr_registration  # noqa: F401  (registers the personal data)
from socius.events.access import event_can_manage
from socius.events.mail_registration import (
    MAIL_CANCELLED,
    MAIL_OFFER,
    MAIL_OFFER_EXPIRED,
    MAIL_REGISTRATION,
)
from socius.events.models import Answer, Event, Registration, WaitingListMove
from socius.events.needs import ACCESS_NEEDS, DIETARY_NEEDS

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer

KEY_SALT = "socius.events.registration.key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
S = Registration.Status
LIVE = (S.CONFIRMED, S.WAITING, S.OFFERED)
NEEDS_KEPT_DAYS = 30
# Markup and control characters have no place in a name or an answer.
_HOSTILE = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- The personal link ----------------------------------------------------------------------
def registration_key(registration: Registration) -> str:
    """The secret of ``registration``'s personal link (43 URL-safe characters)."""
    digest = salted_hmac(KEY_SALT, str(registration.public_id), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def secret_hash(key: str) -> str:
    """SHA-256 of a link's secret: what is stored in place of the secret itself."""
    return hashlib.sha256(key.encode()).hexdigest()


def registration_key_read(key: str) -> Registration | None:
    """The registration whose personal link carries ``key``; None for anything else."""
    if not KEY_PATTERN.match(key or ""):
        return None
    return (
        Registration.objects.select_related("event", "event__theme")
        .filter(key_hash=secret_hash(key))
        .first()
    )


def registration_link(registration: Registration) -> str:
    """The path of the personal page. Re-keys the row if SECRET_KEY has changed since."""
    key = registration_key(registration)
    if registration.key_hash != secret_hash(key):
        registration.key_hash = secret_hash(key)
        registration.save(update_fields=["key_hash", "updated_at"])
    return reverse("events:registration-detail", args=[key])


# --- Checks ---------------------------------------------------------------------------------
def _clean_text(value: str, *, field: str, limit: int, lines: bool = False) -> str:
    value = (value or "").strip()
    if _HOSTILE.search(value) or (not lines and re.search(r"[\r\n\t]", value)):
        raise ValidationError(
            {field: _("Please write plain text without the characters < and > or control codes.")}
        )
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("Please shorten the text to at most %(limit)s characters.")
                % {"limit": limit}
            }
        )
    return value


def _check_open(event: Event, now: datetime.datetime) -> None:
    """Refuse registration for an event that does not take it now."""
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled, so you cannot register."))
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("The event is not published yet, so you cannot register."))
    if event.starts_at <= now:
        raise ValidationError(_("The event has already begun or is over, so you cannot register."))
    if now < event.registration_opens_at:
        raise ValidationError(_("Registration has not opened yet."))
    if now > event.registration_closes_at:
        raise ValidationError(_("Registration has closed."))


def _check_party(event: Event, party_size: int) -> None:
    if not isinstance(party_size, int) or party_size < 1:
        raise ValidationError({"party_size": _("Please write a number of people from 1.")})
    if party_size > event.max_party_size:
        raise ValidationError(
            {
                "party_size": ngettext(
                    "You can register at most %(n)s person at a time.",
                    "You can register at most %(n)s people at a time.",
                    event.max_party_size,
                )
                % {"n": event.max_party_size}
            }
        )
    if party_size > event.seats_offered:
        raise ValidationError(
            {
                "party_size": ngettext(
                    "The event has %(n)s seat in all, fewer than you ask for.",
                    "The event has %(n)s seats in all, fewer than you ask for.",
                    event.seats_offered,
                )
                % {"n": event.seats_offered}
            }
        )


def _needs(
    event: Event, dietary: Iterable[str], access: Iterable[str], consent: bool
) -> dict[str, Any]:
    """The needs to store: only those the event asks about, only known codes, only with
    consent (without it nothing is stored)."""
    diet = sorted({c for c in dietary if c in DIETARY_NEEDS}) if event.asks_dietary else []
    acc = sorted({c for c in access if c in ACCESS_NEEDS}) if event.asks_access else []
    if not consent or not (diet or acc):
        return {"dietary_needs": [], "access_needs": [], "needs_consent_at": None}
    return {"dietary_needs": diet, "access_needs": acc, "needs_consent_at": timezone.now()}


def _answers(event: Event, answers: Mapping[int, str]) -> dict[int, str]:
    """The answers to the event's questions, keyed by question id; a required one must be
    given; answers to questions of other events are ignored."""
    result: dict[int, str] = {}
    errors: dict[str, str] = {}
    for question in event.questions.all():
        field = f"question_{question.pk}"
        text = _clean_text(answers.get(question.pk, ""), field=field, limit=2000, lines=True)
        if question.required and not text:
            errors[field] = _("Please answer this question.")
        elif text:
            result[question.pk] = text
    if errors:
        raise ValidationError(errors)
    return result


# --- Seats under the event's lock -----------------------------------------------------------
def _lock(event: Event, now: datetime.datetime) -> Event:
    """The event's row, locked until the commit, with ``offers_overdue``: whether any of its
    offers had expired by ``now`` (so most seat decisions need no second query for them).
    The flag may say yes when a transaction that held the lock has just expired them (the
    subquery reads from before the wait); then the expiry finds none. It never says no wrongly:
    an offer made meanwhile expires hours from its own ``now``."""
    overdue = Registration.objects.filter(
        event=OuterRef("pk"), status=S.OFFERED, offer_expires_at__lte=now
    )
    return (
        Event.objects.select_for_update(of=("self",))
        .annotate(offers_overdue=Exists(overdue))
        .get(pk=event.pk)
    )


def _save_seats(event: Event, *fields: str) -> None:
    """Write the locked event's seat counters. An update, not ``save()``: a seat changes
    nothing that the event's save signals care for (its speakers' search entries)."""
    values = {field: getattr(event, field) for field in fields}
    Event.objects.filter(pk=event.pk).update(**values, updated_at=timezone.now())


def _mail(
    registration: Registration, kind: MailKind, template: str, link: str = "", **context: Any
) -> None:
    """Mail the registrant after the commit: rendering it inside the transaction would hold the
    event's lock longer, and an address gets no notification row to write with the change."""
    link = link or registration_link(registration)
    transaction.on_commit(
        functools.partial(
            notify,
            recipients=[Address(registration.email, registration.language)],
            kind=kind,
            template=f"events/mail/{template}",
            context={"registration": registration, "event": registration.event, **context},
            link=link,
        )
    )


def _release(event: Event, registration: Registration) -> None:
    """Give back the seats ``registration`` holds (the caller changes its status)."""
    if registration.status in Registration.HOLDS_SEATS:
        event.seats_taken -= registration.party_size


def _offer_next(event: Event, now: datetime.datetime) -> list[Registration]:
    """Offer freed seats to the waiting list, in order, skipping parties that do not fit."""
    offered: list[Registration] = []
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return offered
    while event.seats_left > 0:
        entry = (
            Registration.objects.filter(
                event=event, status=S.WAITING, party_size__lte=event.seats_left
            )
            .order_by("waiting_number")
            .first()
        )
        if entry is None:
            break
        entry.event = event
        entry.status = S.OFFERED
        entry.offer_expires_at = now + datetime.timedelta(hours=event.offer_hours)
        entry.save(update_fields=["status", "offer_expires_at", "updated_at"])
        event.seats_taken += entry.party_size
        audit_record(actor=None, action=audit.AUDIT_OFFER_MADE, target=entry,
                     data={"event": event.pk, "party_size": entry.party_size})  # fmt: skip
        _mail(entry, MAIL_OFFER, "offer")
        offered.append(entry)
    _save_seats(event, "seats_taken")
    return offered


def _expire_locked(event: Event, now: datetime.datetime) -> int:
    """Expire the locked event's overdue offers; their seats pass on."""
    if not getattr(event, "offers_overdue", True):
        return 0
    overdue = list(
        Registration.objects.filter(event=event, status=S.OFFERED, offer_expires_at__lte=now)
    )
    for entry in overdue:
        entry.event = event
        _release(event, entry)
        entry.status = S.EXPIRED
        entry.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None, action=audit.AUDIT_OFFER_EXPIRED, target=entry, data={"event": event.pk}
        )
        _mail(entry, MAIL_OFFER_EXPIRED, "offer_expired")
    if overdue:
        _save_seats(event, "seats_taken")
        _offer_next(event, now)
    return len(overdue)


def _decide(event: Event, registration: Registration) -> None:
    """A new registration's place: confirmed if its party fits the seats left, else the next
    number on the waiting list."""
    if registration.party_size <= event.seats_left:
        registration.status = S.CONFIRMED
        event.seats_taken += registration.party_size
    else:
        registration.status = S.WAITING
        event.waiting_counter += 1
        registration.waiting_number = event.waiting_counter


# --- Services -------------------------------------------------------------------------------
def registration_create(
    *,
    actor: Viewer | None,
    event: Event,
    name: str = "",
    email: str = "",
    party_size: int = 1,
    answers: Mapping[int, str] | None = None,
    dietary: Iterable[str] = (),
    access: Iterable[str] = (),
    consent: bool = False,
    language: str = "da",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``actor`` (logged in: name and e-mail from the account) or a guest for
    ``event``: confirmed when the party fits the seats left, else on the waiting list. Mails
    the confirmation with the personal link.

    The input is checked and the row built before the event's lock is taken; under the lock
    the event is read afresh, checked again (an organiser may have just closed it or lowered
    the capacity), and only the place is decided, the row inserted and the counters updated."""
    now = now or timezone.now()
    _check_open(event, now)
    user = actor if actor is not None and actor.is_authenticated else None
    if user is None:
        if not event.open_to_guests:
            raise ValidationError(_("Please log in to register for this event."))
        name = _clean_text(name, field="name", limit=200)
        email = (email or "").strip()
        if not name:
            raise ValidationError({"name": _("Please write your name.")})
    else:
        if Registration.objects.filter(event=event, user=user, status__in=LIVE).exists():
            raise ValidationError(_("You are already registered for this event."))
        name, email = user.display_name or user.email, user.email
        language = user.language or language
    _check_party(event, party_size)
    given = _answers(event, answers or {})
    registration = Registration(
        event=event, user=user, name=name, email=email, language=language[:8],
        party_size=party_size, **_needs(event, dietary, access, consent),
    )  # fmt: skip
    key = registration_key(registration)
    registration.key_hash = secret_hash(key)
    # The fields' own checks; the database enforces uniqueness and the constraints.
    registration.full_clean(
        exclude=["event", "user", "key_hash", "status"],
        validate_unique=False,
        validate_constraints=False,
    )
    link = reverse("events:registration-detail", args=[key])
    try:
        with transaction.atomic():
            locked = _lock(event, now)
            _expire_locked(locked, now)
            _check_open(locked, now)
            if user is None and not locked.open_to_guests:
                raise ValidationError(_("Please log in to register for this event."))
            _check_party(locked, party_size)
            registration.event = locked
            _decide(locked, registration)
            registration.save(force_insert=True)
            if given:
                Answer.objects.bulk_create(
                    Answer(registration=registration, question_id=q, text=t)
                    for q, t in given.items()
                )
            _save_seats(locked, "seats_taken", "waiting_counter")
            _mail(registration, MAIL_REGISTRATION, "confirmation", link=link)
    except IntegrityError:
        # Two registrations of one account at once: the second meets the constraint.
        if user is not None and (
            Registration.objects.filter(event=event, user=user, status__in=LIVE).exists()
        ):
            raise ValidationError(_("You are already registered for this event.")) from None
        raise
    return registration


def _relock(registration: Registration, now: datetime.datetime) -> tuple[Event, Registration]:
    """Lock the registration's event, expire its offers, and read the registration afresh."""
    event = _lock(registration.event, now)
    _expire_locked(event, now)
    fresh = Registration.objects.get(pk=registration.pk)
    fresh.event = event
    return event, fresh


@transaction.atomic
def registration_change(
    *,
    registration: Registration,
    party_size: int,
    answers: Mapping[int, str] | None = None,
    dietary: Iterable[str] = (),
    access: Iterable[str] = (),
    consent: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """Change the party size, answers and needs. A confirmed or offered party may grow only
    into the seats left; seats it gives back go to the waiting list."""
    now = now or timezone.now()
    event, registration = _relock(registration, now)
    if registration.status not in LIVE:
        raise ValidationError(_("This registration is no longer active, so it cannot be changed."))
    if event.starts_at <= now:
        raise ValidationError(_("The event has begun, so the registration cannot be changed."))
    _check_party(event, party_size)
    given = _answers(event, answers or {})
    delta = party_size - registration.party_size
    if registration.status in Registration.HOLDS_SEATS and delta > event.seats_left:
        raise ValidationError(
            {
                "party_size": ngettext(
                    "Only %(n)s more seat is free, so you can be at most %(total)s.",
                    "Only %(n)s more seats are free, so you can be at most %(total)s.",
                    event.seats_left,
                )
                % {"n": event.seats_left, "total": registration.party_size + event.seats_left}
            }
        )
    if registration.status in Registration.HOLDS_SEATS:
        event.seats_taken += delta
    registration.party_size = party_size
    for field, value in _needs(event, dietary, access, consent).items():
        setattr(registration, field, value)
    registration.save(update_fields=["party_size", "dietary_needs", "access_needs",
                                     "needs_consent_at", "updated_at"])  # fmt: skip
    registration.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(registration=registration, question_id=q, text=t) for q, t in given.items()
    )
    if delta and registration.status in Registration.HOLDS_SEATS:
        _save_seats(event, "seats_taken")
    if delta < 0:
        _offer_next(event, now)
    return registration


def _end(registration: Registration, status: str, now: datetime.datetime) -> Registration:
    event, registration = _relock(registration, now)
    if registration.status not in LIVE:
        raise ValidationError(_("This registration is no longer active."))
    held = registration.status in Registration.HOLDS_SEATS
    _release(event, registration)
    registration.status = status
    registration.offer_expires_at = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "offer_expires_at", "cancelled_at", "updated_at"])
    if held:
        _save_seats(event, "seats_taken")
        _offer_next(event, now)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Cancel: the seats go to the next on the waiting list at once; a cancellation mail."""
    now = now or timezone.now()
    registration = _end(registration, S.CANCELLED, now)
    _mail(registration, MAIL_CANCELLED, "cancelled")
    return registration


@transaction.atomic
def waiting_leave(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Leave the waiting list, or decline an offered seat (which then passes on)."""
    now = now or timezone.now()
    if registration.status not in (S.WAITING, S.OFFERED):
        raise ValidationError(_("You are not on the waiting list."))
    return _end(registration, S.LEFT, now)


@transaction.atomic
def offer_accept(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Accept an offered seat before the offer expires: the registration is confirmed."""
    now = now or timezone.now()
    event, registration = _relock(registration, now)
    if registration.status == S.CONFIRMED:
        return registration
    if registration.status == S.EXPIRED:
        raise ValidationError(_("The offer has expired, and the seat went to the next person."))
    if registration.status != S.OFFERED:
        raise ValidationError(_("There is no seat offered to you right now."))
    registration.status = S.CONFIRMED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _mail(registration, MAIL_REGISTRATION, "confirmation")
    return registration


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire every overdue offer (``events_offers``, every few minutes); each event in its
    own transaction. Returns the number of offers expired."""
    now = now or timezone.now()
    events = (
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(events):
        with transaction.atomic():
            expired += _expire_locked(_lock(Event(pk=event_id), now), now)
    return expired


@transaction.atomic
def seats_freed(event: Event, *, now: datetime.datetime | None = None) -> list[Registration]:
    """Offer seats that became free outside this module (a raised capacity, fewer seats held
    back) to the waiting list. Call after saving the event."""
    now = now or timezone.now()
    locked = _lock(event, now)
    _expire_locked(locked, now)
    return _offer_next(locked, now)


@transaction.atomic
def waiting_move(
    *,
    actor: User,
    registration: Registration,
    reason: str,
    give_seat: bool = False,
    now: datetime.datetime | None = None,
) -> WaitingListMove:
    """An organiser moves a waiting entry one place up, or gives it a seat now (if its party
    fits the seats left). The reason is required and logged with the move."""
    now = now or timezone.now()
    if not event_can_manage(user=actor, event=registration.event):
        raise PermissionDenied
    reason = _clean_text(reason, field="reason", limit=500)
    if not reason:
        raise ValidationError({"reason": _("Please write why you make this change.")})
    event, registration = _relock(registration, now)
    if registration.status != S.WAITING:
        raise ValidationError(_("Only someone on the waiting list can be moved."))
    before = registration.waiting_number
    after: int | None
    if give_seat:
        if registration.party_size > event.seats_left:
            raise ValidationError(_("There are not enough free seats for this party."))
        registration.status = S.CONFIRMED
        event.seats_taken += registration.party_size
        registration.save(update_fields=["status", "updated_at"])
        _save_seats(event, "seats_taken")
        after = None
        _mail(registration, MAIL_REGISTRATION, "confirmation")
    else:
        ahead = (
            Registration.objects.filter(event=event, status=S.WAITING, waiting_number__lt=before)
            .order_by("-waiting_number")
            .first()
        )
        if ahead is None:
            raise ValidationError(_("This person is already first on the waiting list."))
        after = ahead.waiting_number
        # Swap the two numbers through an empty one (the numbers are unique per event).
        Registration.objects.filter(pk=registration.pk).update(waiting_number=None)
        Registration.objects.filter(pk=ahead.pk).update(waiting_number=before)
        Registration.objects.filter(pk=registration.pk).update(waiting_number=after)
    move = WaitingListMove.objects.create(
        registration=registration, actor=actor, from_number=before, to_number=after, reason=reason
    )
    audit_record(actor=actor, action=audit.AUDIT_WAITING_MOVED, target=registration,
                 data={"from": before, "to": after, "seat": give_seat, "reason": reason})  # fmt: skip
    return move


def needs_erase(*, now: datetime.datetime | None = None) -> int:
    """Erase the needs of registrations for events that ended more than 30 days ago
    (``events_needs_erase``, daily). Returns the number of registrations erased; the audit
    entry holds the count only."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=NEEDS_KEPT_DAYS)
    with transaction.atomic():
        count = Registration.objects.filter(
            event__ends_at__lte=cutoff,
            needs_erased_at__isnull=True,
            needs_consent_at__isnull=False,
        ).update(dietary_needs=[], access_needs=[], needs_consent_at=None, needs_erased_at=now)
        if count:
            audit_record(actor=None, action=audit.AUDIT_NEEDS_ERASED, data={"count": count})
    return count


def seats_taken_counted(event: Event) -> int:
    """The seats held by confirmed and offered registrations, counted (the invariant)."""
    total = Registration.objects.filter(event=event, status__in=Registration.HOLDS_SEATS).aggregate(
        n=Sum("party_size")
    )["n"]
    return int(total or 0)


@transaction.atomic
def registration_release_for_erasure(*, registration: Registration) -> None:
    """Give back a deleted account's seats (no mail: the account is going away)."""
    now = timezone.now()
    event, registration = _relock(registration, now)
    if registration.status not in LIVE:
        return
    held = registration.status in Registration.HOLDS_SEATS
    _release(event, registration)
    registration.status = S.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if held:
        _save_seats(event, "seats_taken")
    audit_record(actor=None, action=audit.AUDIT_REGISTRATION_CANCELLED, target=registration,
                 data={"event": event.pk, "erased": True})  # fmt: skip
    if held:
        _offer_next(event, now)
