"""The calendar, an event's page and the speakers' pages, as visitors see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socius.core.models import Municipality
from socius.events.models import Event
from socius.events.tests.pages_support import (
    in_english,
    published,
    registration,
    session_with_speaker,
    space,
)
from socius.tests_support.factories import OrganisationFactory, UserFactory, theme

pytestmark = pytest.mark.django_db

LIST = reverse("events:event-list")


@pytest.fixture(autouse=True)
def _english(client):
    in_english(client)


def _past(**changes):
    now = timezone.now()
    return published(
        starts_at=now - datetime.timedelta(days=5),
        ends_at=now - datetime.timedelta(days=5, hours=-2),
        registration_opens_at=now - datetime.timedelta(days=20),
        registration_closes_at=now - datetime.timedelta(days=6),
        **changes,
    )


def test_the_calendar_lists_upcoming_events_soonest_first(client):
    later = published(starts_at=timezone.now() + datetime.timedelta(days=20),
                      ends_at=timezone.now() + datetime.timedelta(days=20, hours=2))  # fmt: skip
    sooner = published()
    draft = published(status=Event.Status.DRAFT)
    cancelled = published(status=Event.Status.CANCELLED)
    past = _past()

    body = client.get(LIST).content.decode()

    assert body.index(sooner.title) < body.index(later.title)
    assert draft.title not in body
    assert past.title not in body
    assert cancelled.title in body
    assert "Cancelled" in body


def test_the_archive_lists_past_events(client):
    past = _past()
    upcoming = published()

    body = client.get(LIST, {"arkiv": "1"}).content.decode()

    assert past.title in body
    assert upcoming.title not in body


def test_the_calendar_filters_by_theme_kind_organiser_and_municipality(client):
    org = OrganisationFactory()
    aarhus = space()
    on_housing = published(theme=theme("bolig"), kind=Event.Kind.DEBATE)
    by_org = published(organisation=org)
    by_aarhus = published(space=aarhus)
    in_odense = published(municipality=Municipality.objects.get(code="461"))

    def titles(**query):
        body = client.get(LIST, query).content.decode()
        events = (on_housing, by_org, by_aarhus, in_odense)
        return {e.title for e in events if f">{e.title}<" in body}

    assert titles(theme="bolig") == {on_housing.title}
    assert titles(kind="debate") == {on_housing.title}
    assert titles(organiser=f"org-{org.slug}") == {by_org.title}
    assert titles(organiser=f"kommune-{aarhus.slug}") == {by_aarhus.title}
    assert titles(municipality="461") == {in_odense.title}
    # A forged filter is shown as an error and ignored.
    assert len(titles(theme="<script>", kind="x" * 500)) == 4


def test_the_calendar_links_the_theme_feed(client):
    published()

    body = client.get(LIST, {"theme": "hjemloeshed"}).content.decode()

    assert reverse("events:theme-feed", args=["hjemloeshed"]) in body


def test_the_calendar_is_paginated(client):
    for _n in range(22):
        published()

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"side": "2"}).content.decode()

    assert first.count('class="section-item"') == 20
    assert second.count('class="section-item"') == 2


def test_the_calendar_costs_the_same_queries_with_more_events(
    client, django_assert_max_num_queries
):
    org = OrganisationFactory()
    published(organisation=org)
    client.get(LIST)  # warm caches of themes and municipalities
    with django_assert_max_num_queries(12) as few:
        client.get(LIST, {"organiser": f"org-{org.slug}"})
    for _n in range(15):
        published(organisation=org, space=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST, {"organiser": f"org-{org.slug}"})


def test_an_events_page_shows_what_a_visitor_needs(client):
    event = published(step_free=True, hearing_loop=False, accessibility_note="Elevator i gården.")
    speaker = session_with_speaker(event, "Henrik Lund")

    body = client.get(event.get_absolute_url()).content.decode()

    assert event.title in body
    assert "Conference" in body
    assert "The think tank" in body
    assert "Dokk1" in body
    assert "8000 Aarhus C" in body
    assert "Step-free access: yes" in body
    assert "Hearing loop: no" in body
    assert "Elevator i gården." in body
    assert "20 seats left." in body
    assert "Registration is open until" in body
    assert speaker.name in body
    assert "Store sal" in body
    assert reverse("events:event-ics", args=[event.slug]) in body
    assert "hemmelig" not in body


def test_the_online_link_is_never_on_the_public_page_even_for_registrants(client, citizen):
    event = published()
    registration(event, user=citizen)
    client.force_login(citizen)

    assert "hemmelig" not in client.get(event.get_absolute_url()).content.decode()


def test_a_full_event_says_so(client):
    event = published(capacity=2)
    registration(event, party_size=2)

    body = client.get(event.get_absolute_url()).content.decode()

    assert "Full - join the waiting list" in body


def test_the_registration_window_state(client):
    now = timezone.now()
    soon = published(registration_opens_at=now + datetime.timedelta(days=2))
    closed = published(registration_closes_at=now - datetime.timedelta(hours=1),
                       registration_opens_at=now - datetime.timedelta(days=3))  # fmt: skip

    assert "Registration opens" in client.get(soon.get_absolute_url()).content.decode()
    assert "Registration is closed." in client.get(closed.get_absolute_url()).content.decode()


def test_a_cancelled_event_shows_as_cancelled(client):
    event = published(status=Event.Status.CANCELLED)

    body = client.get(event.get_absolute_url()).content.decode()

    assert "This event is cancelled." in body


def test_a_draft_is_not_found_except_by_its_organisers(client, outsider, editor):
    event = published(status=Event.Status.DRAFT)

    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_hostile_text_is_shown_as_text(client):
    event = published(title="<script>alert(1)</script>", summary="<b>fed</b>")

    body = client.get(event.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_the_speakers_pages(client):
    event = published()
    speaker = session_with_speaker(event, "Maria Nørgaard", affiliation="Journalist")
    hidden = session_with_speaker(published(status=Event.Status.DRAFT), "Skjult Person")

    listing = client.get(reverse("events:speaker-list")).content.decode()
    page = client.get(speaker.get_absolute_url()).content.decode()

    assert speaker.name in listing
    assert hidden.name not in listing
    assert event.title in page
    assert "Journalist" in page
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:speaker-detail", args=["findes-ikke"])).status_code == 404


def test_a_speaker_with_an_account_lists_their_publications(client):
    from socius.events.selectors import speaker_publications

    event = published()
    speaker = session_with_speaker(event, user=UserFactory())

    assert speaker_publications(speaker) == []
    assert client.get(speaker.get_absolute_url()).status_code == 200
