"""The "mini-Folkemøde" template: a draft debate where a school class meets local politicians
of several parties, prefilled from a few choices (date, politicians, the pupils' questions).

Events knows nothing of schools: the caller (the elective's own service, after checking that
the person is the class's verified teacher) passes the class's name and municipality. This
service checks again that the actor may prepare such a meeting (the teacher's capability, or
the events staff's), that every politician has a party verified by staff and that at least two
parties take part, so a class never meets one party alone.

The event stays a draft: it is not listed, and its page answers 404 to everyone but the events
staff until they publish it (``access.event_for_public``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.audit import audit_record
from socius.core.models import PoliticianProfile
from socius.core.roles import Capability
from socius.events import audit
from socius.events.models import Event, Session, SessionSpeaker, Speaker
from socius.events.services_events import _unique_slug, _validate

if TYPE_CHECKING:
    from socius.accounts.models import User

MEETING_MINUTES = 90
MIN_PARTIES = 2
MAX_POLITICIANS = 8
MAX_QUESTIONS = 20
QUESTION_MAX_LENGTH = 300
# A class plans a meeting this school year, not years ahead.
LATEST_DAYS_AHEAD = 400


def politicians_verified(users: Sequence[Any], municipality: Any) -> list[PoliticianProfile]:
    """The verified politician profiles of ``users``, with their parties. A local list counts
    only in its own municipality. (The platform records no municipality for a politician of a
    national party: staff verify the office they state.)"""
    profiles = list(
        PoliticianProfile.objects.select_related("party", "user")
        .filter(user__in=[u.pk for u in users], verified_at__isnull=False)
        .order_by("user__name", "user_id")
    )
    return [
        p
        for p in profiles
        if not p.party.is_local_list or p.party.municipality_id == getattr(municipality, "pk", None)
    ]


def politicians_for_municipality(municipality: Any) -> list[PoliticianProfile]:
    """Every politician a class in ``municipality`` may invite: verified, of a national party
    or of the municipality's own local list, by name (one query)."""
    from django.db.models import Q

    return list(
        PoliticianProfile.objects.select_related("party", "user")
        .filter(verified_at__isnull=False, user__is_active=True)
        .filter(Q(party__is_local_list=False) | Q(party__municipality=municipality))
        .order_by("party__name", "user__name", "user_id")
    )


def _check_time(starts_at: datetime.datetime | None, now: datetime.datetime) -> None:
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Choose the date and time of the meeting.")})
    if starts_at <= now:
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    if starts_at > now + datetime.timedelta(days=LATEST_DAYS_AHEAD):
        raise ValidationError({"starts_at": _("Choose a time within the next year.")})


def _speaker_for(profile: PoliticianProfile) -> Speaker:
    speaker = Speaker.objects.filter(user=profile.user).first()
    if speaker is None:
        speaker = Speaker(user=profile.user, name=profile.user.name or str(profile.party), bio="")
        speaker.affiliation = profile.party.name
        speaker.slug = _unique_slug(Speaker, speaker.name, "taler")
        speaker.full_clean(exclude=["slug"])
        speaker.save()
    return speaker


@transaction.atomic
def mini_folkemode_create(
    *,
    actor: User,
    class_name: str,
    municipality: Any,
    theme: Any,
    starts_at: datetime.datetime,
    politicians: Sequence[Any],
    questions: Sequence[str] = (),
    now: datetime.datetime | None = None,
) -> Event:
    """A draft debate "Mini-Folkemøde i <class>" with one programme item: the politicians as
    a panel and the pupils' questions. Raises ValidationError (translated, by field) when the
    time is not in the coming year or fewer than two parties' verified politicians come."""
    if not (user_can(actor, Capability.SCHOOL_TEACH) or user_can(actor, Capability.EVENTS_MANAGE)):
        raise PermissionDenied
    now = now or timezone.now()
    _check_time(starts_at, now)
    if not politicians:
        raise ValidationError({"politicians": _("Choose the politicians you invite.")})
    if len(politicians) > MAX_POLITICIANS:
        raise ValidationError(
            {"politicians": _("Invite at most %(n)d politicians.") % {"n": MAX_POLITICIANS}}
        )
    profiles = politicians_verified(politicians, municipality)
    if len(profiles) != len({u.pk for u in politicians}):
        raise ValidationError(
            {"politicians": _("Invite only politicians whose party has been verified.")}
        )
    if len({p.party_id for p in profiles}) < MIN_PARTIES:
        raise ValidationError(
            {"politicians": _("Invite politicians from at least two different parties.")}
        )
    cleaned = [" ".join(q.split()) for q in questions if q and q.strip()]
    if len(cleaned) > MAX_QUESTIONS or any(len(q) > QUESTION_MAX_LENGTH for q in cleaned):
        raise ValidationError({"questions": _("There are too many questions, or one is too long.")})
    ends_at = starts_at + datetime.timedelta(minutes=MEETING_MINUTES)
    name = " ".join(class_name.split())[:60]
    event = Event(
        created_by=actor,
        status=Event.Status.DRAFT,
        kind=Event.Kind.DEBATE,
        title="Mini-Folkemøde i " + name,  # Danish content, like every event's title
        summary="Klassen møder lokale politikere fra flere partier og stiller spørgsmål.",
        description="\n".join(f"- {q}" for q in cleaned),
        theme=theme,
        municipality=municipality,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=40,
        registration_opens_at=now,
        registration_closes_at=starts_at,
        open_to_guests=False,
        max_party_size=1,
    )
    event.slug = _unique_slug(Event, event.title, "arrangement")
    _validate(event)
    event.save()
    audit_record(actor=actor, action=audit.AUDIT_EVENT_CREATED, target=event)
    session = Session(
        event=event,
        title="Klassens spørgsmål til politikerne",
        description=event.description,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    session.full_clean()
    session.save()
    for position, profile in enumerate(profiles):
        SessionSpeaker.objects.create(
            session=session,
            speaker=_speaker_for(profile),
            part=SessionSpeaker.Part.PANELLIST,
            position=position,
        )
    audit_record(actor=actor, action=audit.AUDIT_SESSION_SAVED, target=session)
    return event


def mini_folkemode_panel(event: Event) -> list[SessionSpeaker]:
    """The politicians of a mini-Folkemøde, with their speakers (one query)."""
    return list(
        SessionSpeaker.objects.filter(session__event=event)
        .select_related("speaker")
        .order_by("session__starts_at", "position")
    )
