"""Reads of events: the public calendar, an event's programme, speakers, organisers' lists and
the calendar feeds. Public reads return published and cancelled events only (a cancelled
event stays visible, marked as cancelled); drafts are for their organisers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from socius.core.access import ACTING_ROLES, user_can
from socius.core.models import Membership, MunicipalSpace, Organisation
from socius.core.roles import Capability
from socius.events.models import Event, Registration, Session, SessionSpeaker, Speaker

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer

PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
THINK_TANK = "taenketank"


def _public() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "theme", "space__municipality", "organisation", "municipality"
    )


def organiser_key(event: Event) -> str:
    """The organiser as the calendar's filter and the organiser feed name it."""
    if event.space is not None:
        return f"kommune-{event.space.slug}"
    if event.organisation is not None:
        return f"org-{event.organisation.slug}"
    return THINK_TANK


def _organiser_filter(key: str) -> Q | None:
    if key == THINK_TANK:
        return Q(space__isnull=True, organisation__isnull=True)
    if key.startswith("kommune-"):
        return Q(space__slug=key.removeprefix("kommune-"))
    if key.startswith("org-"):
        return Q(organisation__slug=key.removeprefix("org-"))
    return None


def event_list_public(
    *,
    theme: str = "",
    kind: str = "",
    organiser: str = "",
    municipality: str = "",
    past: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """Published (and cancelled) events: upcoming ones soonest first, or with ``past`` the
    archive newest first. Filters take a theme's slug, a kind, an organiser key
    (``organiser_key``) and a municipality's code; an unknown value matches nothing."""
    now = now or timezone.now()
    qs = _public()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    if theme:
        qs = qs.filter(theme__slug=theme)
    if kind:
        qs = qs.filter(kind=kind)
    if organiser:
        condition = _organiser_filter(organiser)
        qs = qs.filter(condition) if condition is not None else qs.none()
    if municipality:
        qs = qs.filter(
            Q(municipality__code=municipality) | Q(space__municipality__code=municipality)
        )
    return qs.order_by("-starts_at", "-id") if past else qs.order_by("starts_at", "id")


def event_public(slug: str) -> Event | None:
    """A published or cancelled event, past or upcoming."""
    return _public().filter(slug=slug).first()


def event_list_upcoming(*, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Published events that have not ended, soonest first (not cancelled ones)."""
    return event_list_public(now=now).filter(status=Event.Status.PUBLISHED)


def event_list_for_theme(theme: Any) -> QuerySet[Event]:
    return event_list_upcoming().filter(theme=theme)


def event_list_for_municipality(municipality: Any) -> QuerySet[Event]:
    """The municipality's own events and those taking place in it."""
    return event_list_upcoming().filter(
        Q(space__municipality=municipality) | Q(municipality=municipality)
    )


@dataclass(frozen=True)
class Organiser:
    key: str
    name: str


def organiser_choices() -> list[Organiser]:
    """The organisers that have public events, for the calendar's filter (three queries)."""
    events = Event.objects.filter(status__in=PUBLIC_STATUSES)
    found = [Organiser(THINK_TANK, "")]
    spaces = MunicipalSpace.objects.filter(pk__in=events.values("space_id")).select_related(
        "municipality"
    )
    found += [Organiser(f"kommune-{s.slug}", s.name) for s in spaces]
    orgs = Organisation.objects.filter(pk__in=events.values("organisation_id")).order_by("name")
    found += [Organiser(f"org-{o.slug}", o.name) for o in orgs]
    return found


def event_sessions(event: Event) -> QuerySet[Session]:
    """The programme with its speakers (two queries)."""
    links = SessionSpeaker.objects.select_related("speaker")
    return event.sessions.prefetch_related(Prefetch("speaker_links", queryset=links))


def speaker_list_public() -> QuerySet[Speaker]:
    """Speakers on the programme of a public event, by name."""
    return Speaker.objects.filter(sessions__event__status__in=PUBLIC_STATUSES).distinct()


def speaker_list_all() -> QuerySet[Speaker]:
    """Every speaker, by name (for staff who keep them)."""
    return Speaker.objects.order_by("name", "id")


def speaker_public(slug: str) -> Speaker | None:
    return speaker_list_public().filter(slug=slug).first()


def speaker_events(speaker: Speaker) -> QuerySet[Event]:
    """The public events a speaker takes part in, newest first."""
    return _public().filter(sessions__speakers=speaker).distinct().order_by("-starts_at", "-id")


def speaker_publications(speaker: Speaker, limit: int = 20) -> list[Any]:
    """The knowledge hub's published publications the speaker's account wrote."""
    if speaker.user_id is None:
        return []
    from socius.knowledge.selectors import published_publications

    return list(published_publications().filter(author_links__user=speaker.user_id)[:limit])


def organisations_for(user: Viewer) -> QuerySet[Organisation]:
    """The organisations ``user`` acts for (contact or board member)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Organisation.objects.none()
    ids = Membership.objects.filter(user_id=int(user.pk), role__in=ACTING_ROLES).values(
        "organisation_id"
    )
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def can_organise(user: Viewer) -> bool:
    """Whether ``user`` may create events at all (staff, or an organisation's contact)."""
    return user_can(user, Capability.EVENTS_MANAGE) or organisations_for(user).exists()


def event_list_for_organiser(*, user: User) -> QuerySet[Event]:
    """Every event ``user`` manages, newest first: all of them for EVENTS_MANAGE, else their
    organisations' events."""
    qs = Event.objects.select_related("theme", "space__municipality", "organisation")
    if not user_can(user, Capability.EVENTS_MANAGE):
        qs = qs.filter(organisation__in=organisations_for(user))
    return qs.order_by("-starts_at", "-id")


def registrations_confirmed(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).select_related("user")


def person_feed_registrations(*, user: User) -> QuerySet[Registration]:
    """A person's registrations that hold a seat, for their own calendar feed."""
    return (
        Registration.objects.filter(
            user=user, status__in=Registration.HOLDS_SEATS, event__status__in=PUBLIC_STATUSES
        )
        .select_related("event")
        .order_by("event__starts_at", "id")
    )


def registrations_to_remind(*, days: int, now: datetime.datetime) -> QuerySet[Registration]:
    """Confirmed registrations for published events starting within ``days`` days from
    ``now`` and not yet reminded for that many days."""
    field = "reminded_7_at" if days == 7 else "reminded_1_at"
    qs = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(days=days),
        **{f"{field}__isnull": True},
    )
    if days == 7:
        # Registered within the last day before the event: the one-day reminder is enough.
        qs = qs.filter(event__starts_at__gt=now + datetime.timedelta(days=1))
    return qs.select_related("event", "user")
