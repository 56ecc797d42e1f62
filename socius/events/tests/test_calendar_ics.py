"""iCalendar files and feeds, parsed back with icalendar: one event, the public feeds, and a
person's own feed behind a secret address they can renew."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from socius.events.calendar import event_ics
from socius.events.models import Event
from socius.events.tests.pages_support import published, registration
from socius.tests_support.factories import OrganisationFactory, UserFactory, theme

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def test_an_event_file_has_a_stable_uid_its_sequence_and_copenhagen_time():
    event = published(sequence=3)

    first = icalendar.Calendar.from_ical(event_ics(event))
    again = icalendar.Calendar.from_ical(event_ics(event))

    vevent = next(iter(first.walk("VEVENT")))
    assert first["METHOD"] == "PUBLISH"
    assert vevent["UID"] == next(iter(again.walk("VEVENT")))["UID"]
    assert str(event.public_id) in vevent["UID"]
    assert vevent["SEQUENCE"] == 3
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert [tz["TZID"] for tz in first.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert "Dokk1" in vevent["LOCATION"]


def test_the_online_link_is_only_in_a_registrations_own_calendar():
    event = published()
    reg = registration(event)

    assert b"hemmelig" not in event_ics(event)
    own = _events(event_ics(event, registration=reg))[0]
    assert "hemmelig-forbindelse" in own["DESCRIPTION"]


def test_a_cancelled_event_is_a_cancel():
    event = published(status=Event.Status.CANCELLED)

    cal = icalendar.Calendar.from_ical(event_ics(event, method="REQUEST"))

    assert cal["METHOD"] == "CANCEL"
    assert next(iter(cal.walk("VEVENT")))["STATUS"] == "CANCELLED"


def test_the_event_download(client):
    event = published()

    response = client.get(reverse("events:event-ics", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert _events(response.content)[0]["SUMMARY"] == event.title
    assert b"hemmelig" not in response.content


def test_a_drafts_file_is_not_found(client, outsider):
    event = published(status=Event.Status.DRAFT)
    client.force_login(outsider)

    assert client.get(reverse("events:event-ics", args=[event.slug])).status_code == 404


def test_the_theme_feed_has_the_themes_published_events_only(client):
    shown = published()
    published(status=Event.Status.DRAFT)
    published(theme=theme("bolig"))
    past = published(
        starts_at=shown.starts_at - datetime.timedelta(days=40),
        ends_at=shown.starts_at - datetime.timedelta(days=39),
        registration_opens_at=shown.starts_at - datetime.timedelta(days=50),
        registration_closes_at=shown.starts_at - datetime.timedelta(days=41),
    )

    response = client.get(reverse("events:theme-feed", args=["hjemloeshed"]))

    titles = [str(e["SUMMARY"]) for e in _events(response.content)]
    assert titles == [shown.title]
    assert past.title not in titles
    assert b"hemmelig" not in response.content
    assert client.get(reverse("events:theme-feed", args=["findes-ikke"])).status_code == 404


def test_the_organiser_feed(client):
    org = OrganisationFactory()
    theirs = published(organisation=org)
    published()

    response = client.get(reverse("events:organiser-feed", args=[f"org-{org.slug}"]))
    think_tank = client.get(reverse("events:organiser-feed", args=["taenketank"]))

    assert [str(e["SUMMARY"]) for e in _events(response.content)] == [theirs.title]
    assert theirs.title.encode() not in think_tank.content
    assert client.get(reverse("events:organiser-feed", args=["org-ukendt"])).status_code == 404


def _feed_url(client) -> str:
    body = client.post(reverse("events:feed-manage")).content.decode()
    start = body.index('id="feed-url"')
    value = body[start:].split('value="', 1)[1].split('"', 1)[0]
    return value.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_person_gets_their_own_feed_and_renewing_ends_the_old_address(client, citizen):
    event = published()
    other = published()
    registration(event, user=citizen)
    registration(other, user=UserFactory())
    client.force_login(citizen)

    old = _feed_url(client)
    new = _feed_url(client)
    client.logout()

    feed = client.get(new)
    assert feed.status_code == 200
    events = _events(feed.content)
    assert [str(e["SUMMARY"]) for e in events] == [event.title]
    assert "hemmelig-forbindelse" in events[0]["DESCRIPTION"]
    assert client.get(old).status_code == 404


def test_a_forged_key_or_someone_elses_feed_is_not_found(client, citizen, outsider):
    client.force_login(citizen)
    url = _feed_url(client)
    client.force_login(outsider)

    assert client.get(url).status_code == 404
    assert client.get(reverse("events:person-feed", args=["forfalsket"])).status_code == 404
    assert client.get(reverse("events:person-feed", args=["x" * 500])).status_code == 404


def test_the_feed_page_needs_an_account(client):
    response = client.get(reverse("events:feed-manage"))

    assert response.status_code == 302
    assert "login" in response["Location"] or "log-ind" in response["Location"]
