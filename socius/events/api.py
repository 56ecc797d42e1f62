"""Open data from the events calendar: published upcoming events and one event with its
programme. As the public page shows them, never more: no online link (registrants only), no
registrations, no personal data beyond the names speakers appear under on the programme."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from socius.core.api_support import Pagination, responses, slug_or_404
from socius.events import selectors
from socius.events.models import Event

router = Router(tags=["events"])


class VenueOut(Schema):
    name: str = Field(..., alias="venue_name")
    address: str = Field(..., alias="venue_address")
    postcode: str = Field(..., alias="venue_postcode")
    town: str = Field(..., alias="venue_city")
    step_free: bool
    hearing_loop: bool
    sign_language_on_request: bool
    accessible_toilet: bool
    accessibility_note: str


_KINDS: list[Any] = list(Event.Kind.values)


class EventOut(Schema):
    slug: str = Field(..., examples=["konference-faellesskaber-mod-ensomhed"])
    title: str
    summary: str
    # A plain string with its values listed: an enum named "Kind" would take the place of the
    # organisations' own "Kind" in the OpenAPI document (one name per component).
    kind: str = Field(..., examples=["conference"], json_schema_extra={"enum": _KINDS})
    status: str = Field(..., examples=["published"])
    theme: str = Field(..., alias="theme.slug", examples=["faellesskaber-og-ensomhed"])
    organiser: str = Field(..., examples=["taenketank"])
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    registration_opens_at: datetime.datetime
    registration_closes_at: datetime.datetime
    seats_left: int
    venue: VenueOut
    url: str
    calendar_url: str

    @staticmethod
    def resolve_organiser(obj: Event) -> str:
        return selectors.organiser_key(obj)

    @staticmethod
    def resolve_venue(obj: Event) -> Event:
        return obj

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_calendar_url(obj: Event) -> str:
        return reverse("events:event-ics", args=[obj.slug])


class SpeakerOut(Schema):
    name: str = Field(..., alias="speaker.name")
    part: str
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.speaker.get_absolute_url())


class SessionOut(Schema):
    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    speakers: list[SpeakerOut] = Field(..., alias="speaker_links")


class EventDetailOut(EventOut):
    description: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj: Event) -> Any:
        return selectors.event_sessions(obj)


@router.get("/arrangementer", response=responses(list[EventOut], 422))
@paginate(Pagination)
def event_list(request: HttpRequest) -> Any:
    """Published events that have not ended, soonest first."""
    return selectors.event_list_upcoming()


@router.get("/arrangementer/{slug}", response=responses(EventDetailOut, 404))
def event_detail(request: HttpRequest, slug: str) -> Any:
    """One published or cancelled event with its programme (past events too)."""
    event = selectors.event_public(slug_or_404(slug, 120))  # Event.slug's max_length
    if event is None:
        raise Http404
    return event
