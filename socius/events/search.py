"""Events and speakers in search, and the calendar page itself ("kalender", "arrangementer").
Published and cancelled events are indexed (as the calendar shows them); drafts never."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import (
    Document,
    search_index_on_commit,
    search_register,
    search_register_pages,
)
from socius.events.models import Event, SessionSpeaker, Speaker
from socius.events.selectors import PUBLIC_STATUSES


def event_document(event: Event) -> Document | None:
    if event.status not in PUBLIC_STATUSES:
        return None
    body = "\n".join(
        p
        for p in (
            event.summary,
            event.description,
            event.get_kind_display(),
            event.venue_name,
            event.venue_city,
        )
        if p
    )
    return Document(
        title=event.title,
        body=body,
        url=event.get_absolute_url(),
        kind="event",
        module="events",
        themes=(event.theme.slug,),
        published=event.starts_at,
    )


def event_queryset() -> QuerySet[Event]:
    return Event.objects.select_related("theme")


def speaker_document(speaker: Speaker) -> Document | None:
    # A speaker is public once they are on the programme of a public event.
    if not Speaker.objects.filter(
        pk=speaker.pk, sessions__event__status__in=PUBLIC_STATUSES
    ).exists():
        return None
    body = "\n".join(p for p in (speaker.affiliation, speaker.bio) if p)
    return Document(
        title=speaker.name,
        body=body,
        url=speaker.get_absolute_url(),
        kind="event_speaker",
        module="events",
    )


def calendar_pages() -> dict[str, Document]:
    return {
        "kalender": Document(
            title="Arrangementer og kalender",
            body="Kalender med arrangementer: konferencer, debatter, borgermøder og "
            "workshops. Tilmelding og venteliste. Events calendar, conferences, debates.",
            url=reverse("events:event-list"),
            kind="event_calendar",
            module="events",
        )
    }


search_register(
    kind="event",
    module="events",
    model=Event,
    label=_("Event"),
    document=event_document,
    queryset=event_queryset,
)
search_register(
    kind="event_speaker",
    module="events",
    model=Speaker,
    label=_("Speaker"),
    document=speaker_document,
    queryset=lambda: Speaker.objects.all(),
)
search_register_pages(
    kind="event_calendar", module="events", label=_("Calendar"), pages=calendar_pages
)


def _speaker_linked(instance: SessionSpeaker, **kwargs: Any) -> None:
    # A speaker becomes public when put on a public event's programme.
    search_index_on_commit(kind="event_speaker", pk=instance.speaker_id)


def _event_saved(instance: Event, **kwargs: Any) -> None:
    # Publishing or cancelling an event changes whether its speakers are public.
    for pk in SessionSpeaker.objects.filter(session__event=instance).values_list(
        "speaker_id", flat=True
    ):
        search_index_on_commit(kind="event_speaker", pk=pk)


post_save.connect(_speaker_linked, sender=SessionSpeaker, dispatch_uid="search-event-speaker")
post_save.connect(_event_saved, sender=Event, dispatch_uid="search-event-speakers")
