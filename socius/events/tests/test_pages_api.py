"""The events' open data: upcoming published events and one event, without the online link
or anything personal."""

import pytest

from socius.events.models import Event
from socius.events.tests.pages_support import published, registration, session_with_speaker

pytestmark = pytest.mark.django_db


def test_the_list_has_published_upcoming_events(client):
    shown = published()
    published(status=Event.Status.DRAFT)
    published(status=Event.Status.CANCELLED)

    data = client.get("/api/arrangementer").json()

    assert [e["slug"] for e in data["items"]] == [shown.slug]
    item = data["items"][0]
    assert item["venue"]["step_free"] is False
    assert item["calendar_url"].endswith("/kalender.ics")
    assert item["organiser"] == "taenketank"
    assert "hemmelig" not in str(data)


def test_one_event_with_its_programme(client):
    event = published()
    session_with_speaker(event, "Karen Forsker")
    registration(event, name="Privat Person", email="privat@example.dk")

    data = client.get(f"/api/arrangementer/{event.slug}").json()

    assert data["title"] == event.title
    assert data["sessions"][0]["speakers"][0]["name"] == "Karen Forsker"
    text = str(data)
    assert "hemmelig" not in text
    assert "Privat" not in text
    assert "privat@" not in text


def test_drafts_unknown_and_malformed_slugs_are_not_found(client):
    draft = published(status=Event.Status.DRAFT)

    assert client.get(f"/api/arrangementer/{draft.slug}").status_code == 404
    assert client.get("/api/arrangementer/findes-ikke").status_code == 404
    assert client.get("/api/arrangementer/%3Cscript%3E").status_code == 404
    assert client.get("/api/arrangementer", {"limit": "mange"}).status_code == 422
