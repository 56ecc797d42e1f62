"""Events on the front page, a theme's page and a municipality's space; in search; and the
demo content."""

import pytest
from django.urls import reverse

from socius.events.models import Event, Speaker
from socius.events.tests.pages_support import published, session_with_speaker, space
from socius.search.selectors import search_query
from socius.search.services import pages_index

pytestmark = pytest.mark.django_db


def test_events_on_the_front_theme_and_municipality_pages(client):
    aarhus = space()
    event = published(space=aarhus)
    draft = published(status=Event.Status.DRAFT, space=aarhus)

    pages = [
        client.get(reverse("core:home")),
        client.get(reverse("core:theme-detail", args=[event.theme.slug])),
        client.get(reverse("core:municipality-space", args=[aarhus.slug])),
    ]

    for response in pages:
        body = response.content.decode()
        assert event.title in body, response.request["PATH_INFO"]
        assert draft.title not in body


def test_search_finds_the_calendar_events_and_speakers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = published(title="Konference om ensomhed")
        session_with_speaker(event, "Henrik Lundqvist")
        published(status=Event.Status.DRAFT, title="Hemmeligt udkast om ensomhed")
        Event.objects.get(pk=event.pk).save()  # the speaker is public once the event is saved
    pages_index()

    def urls(q):
        return [hit.document.url for hit in search_query(q=q).hits]

    assert reverse("events:event-list") in urls("kalender")
    assert reverse("events:event-list") in urls("arrangementer")
    assert event.get_absolute_url() in urls("ensomhed")
    assert len(urls("udkast")) == 0
    speaker = Speaker.objects.get()
    assert speaker.get_absolute_url() in urls("Lundqvist")


def test_the_demo_is_idempotent_and_upcoming(client):
    from importlib import import_module

    for module in ("core", "deliberation", "events"):
        import_module(f"socius.{module}.demo").demo_seed()
    assert import_module("socius.events.demo").demo_seed() == []

    events = Event.objects.filter(status=Event.Status.PUBLISHED)
    kinds = set(events.values_list("kind", flat=True))
    assert {"conference", "debate", "citizen_meeting", "association", "workshop"} <= kinds
    assert events.get(kind="citizen_meeting").space.municipality.code == "751"
    assert events.get(kind="debate").conversation is not None
    conference = events.get(kind="conference")
    assert conference.sessions.count() == 3
    full = events.get(slug="faellesspisning-for-alle")
    assert full.seats_left == 0
    assert full.registrations.filter(status="waiting").exists()
    assert client.get(reverse("events:event-list")).status_code == 200
    assert client.get(conference.get_absolute_url()).status_code == 200
