"""The public calendar: the list of events, an event's page, speakers, and the iCalendar
files and feeds (a theme's, an organiser's, and a person's own behind a secret address)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from socius.core.access import request_user
from socius.core.cache import public_page
from socius.core.mail import absolute_url
from socius.core.models import Theme
from socius.core.paging import page_with_query
from socius.events import selectors, services_events
from socius.events.access import event_can_manage, event_for_public
from socius.events.calendar import event_ics, feed_ics, person_feed_ics
from socius.events.forms_pages import EventFilterForm
from socius.events.models import CalendarFeed, Event

PER_PAGE = 20
FEED_SIZE = 200


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page()
def event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("arkiv") == "1"
    form = EventFilterForm(request.GET or None)
    filters: dict[str, Any] = form.filters()
    events = selectors.event_list_public(past=past, **filters)
    page, query = page_with_query(request, events, PER_PAGE)
    theme = filters.get("theme", "")
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "events": page.object_list,
            "past": past,
            "theme_feed": reverse("events:theme-feed", args=[theme]) if theme else "",
            "organiser_feed": (
                reverse("events:organiser-feed", args=[filters["organiser"]])
                if filters.get("organiser")
                else ""
            ),
            "can_organise": selectors.can_organise(request.user),
        },
    )


def _window(event: Event) -> str:
    now = timezone.now()
    if event.status != Event.Status.PUBLISHED or event.ends_at < now:
        return "over" if event.ends_at < now else "closed"
    if now < event.registration_opens_at:
        return "not_yet"
    if now > event.registration_closes_at:
        return "closed"
    return "open"


@public_page()
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_public(user=request.user, slug=slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sessions": selectors.event_sessions(event),
            "window": _window(event),
            "can_manage": event_can_manage(user=request.user, event=event),
        },
    )


def event_ics_download(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_public(user=request.user, slug=slug)
    return _ics(event_ics(event), f"{event.slug}.ics")


def theme_feed(request: HttpRequest, slug: str) -> HttpResponse:
    theme = Theme.objects.filter(slug=slug, is_active=True).first()
    if theme is None:
        raise Http404
    events = selectors.event_list_upcoming().filter(theme=theme)[:FEED_SIZE]
    return _ics(feed_ics(events, name=f"Socius: {theme.title}"), f"{theme.slug}.ics")


def organiser_feed(request: HttpRequest, key: str) -> HttpResponse:
    qs = selectors.event_list_public(organiser=key).filter(status=Event.Status.PUBLISHED)
    events = list(qs[:FEED_SIZE])
    known = key == selectors.THINK_TANK or any(o.key == key for o in selectors.organiser_choices())
    if not known:
        raise Http404
    return _ics(feed_ics(events, name="Socius"), f"{key}.ics")


def person_feed(request: HttpRequest, key: str) -> HttpResponse:
    """A person's registrations. The key in the address is the only credential: no session
    is needed (calendar programs have none), a wrong, forged or renewed key answers 404."""
    user = services_events.feed_user(key)
    if user is None:
        raise Http404
    # Logged in as someone else: the address is not theirs to read through this browser.
    if request.user.is_authenticated and request.user.pk != user.pk:
        raise Http404
    registrations = selectors.person_feed_registrations(user=user)
    response = _ics(person_feed_ics(registrations, name="Socius"), "socius.ics")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def feed_manage(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    url = ""
    if request.method == "POST":
        secret = services_events.feed_renew(actor=user)
        url = absolute_url(reverse("events:person-feed", args=[secret]))
    response = render(
        request,
        "events/feed_manage.html",
        {"url": url, "has_feed": CalendarFeed.objects.filter(user=user).exists()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@public_page()
def speaker_list(request: HttpRequest) -> HttpResponse:
    page, query = page_with_query(request, selectors.speaker_list_public(), 50)
    return render(
        request, "events/speaker_list.html", {"page": page, "query": query, "speakers": page}
    )


@public_page()
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = selectors.speaker_public(slug)
    if speaker is None:
        raise Http404
    return render(
        request,
        "events/speaker_detail.html",
        {
            "speaker": speaker,
            "events": selectors.speaker_events(speaker),
            "publications": selectors.speaker_publications(speaker),
        },
    )
