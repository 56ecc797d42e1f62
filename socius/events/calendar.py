"""iCalendar files (RFC 5545) for events: one event, a theme's or an organiser's public feed,
and a person's own feed of their registrations.

Times are written with ``TZID=Europe/Copenhagen`` and the matching VTIMEZONE, so calendars
keep the local time across daylight saving. An event's UID is fixed (its public id), and its
SEQUENCE is ``Event.sequence``, raised by every change registrants should see, so a calendar
program replaces the entry it has instead of adding a second one.

Threat model: public files and feeds hold only what the public event page shows; the online
link is written only into a registration's own calendar (its mail or the person's secret feed),
never into a public file.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from socius.core.mail import absolute_url
from socius.events.models import Event, Registration

TZ = zoneinfo.ZoneInfo("Europe/Copenhagen")
PRODID = "-//Socius//Arrangementer//DA"


def event_uid(event: Event) -> str:
    """The same for the life of the event, whatever changes."""
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"{event.public_id}@{domain or 'socius.invalid'}"


def _location(event: Event) -> str:
    place = ", ".join(
        p
        for p in (
            event.venue_name,
            event.venue_address,
            " ".join(x for x in (event.venue_postcode, event.venue_city) if x),
        )
        if p
    )
    return place


def _vevent(
    event: Event, *, registration: Registration | None, stamp: datetime.datetime
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(TZ))
    vevent.add("dtend", event.ends_at.astimezone(TZ))
    vevent.add("summary", event.title)
    vevent.add("sequence", event.sequence)
    url = absolute_url(event.get_absolute_url())
    vevent.add("url", url)
    description = [event.summary, url]
    # Only a registration's own calendar carries the online link (see the module's docstring).
    if registration is not None and event.online_url:
        description.insert(1, event.online_url)
    vevent.add("description", "\n\n".join(d for d in description if d))
    location = _location(event)
    if location:
        vevent.add("location", location)
    elif registration is not None and event.online_url:
        vevent.add("location", event.online_url)
    cancelled = event.status == Event.Status.CANCELLED or (
        registration is not None and registration.status not in Registration.HOLDS_SEATS
    )
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def _calendar(method: str, name: str = "") -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Copenhagen")
    return cal


def _finish(cal: icalendar.Calendar) -> bytes:
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def event_ics(
    event: Event, *, registration: Registration | None = None, method: str = "PUBLISH"
) -> bytes:
    """One event as an iCalendar file. A cancelled event is written with STATUS:CANCELLED and
    METHOD:CANCEL whatever ``method`` says; ``registration`` adds the online link."""
    if event.status == Event.Status.CANCELLED:
        method = "CANCEL"
    cal = _calendar(method)
    cal.add_component(_vevent(event, registration=registration, stamp=timezone.now()))
    return _finish(cal)


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A public feed: the events as their public pages show them."""
    cal = _calendar("PUBLISH", name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(_vevent(event, registration=None, stamp=stamp))
    return _finish(cal)


def person_feed_ics(registrations: Iterable[Registration], *, name: str) -> bytes:
    """A person's own feed: each registration's event with the online link when they hold a
    seat (the feed's address is their secret)."""
    cal = _calendar("PUBLISH", name)
    stamp = timezone.now()
    for registration in registrations:
        cal.add_component(_vevent(registration.event, registration=registration, stamp=stamp))
    return _finish(cal)
