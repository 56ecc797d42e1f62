"""A visitor finds an event in the calendar by its theme, reads it and downloads its calendar
file; an organiser creates an event with a programme item and a speaker and publishes it. In a
real browser, axe on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.utils import timezone

from socius.events.models import Event, Speaker
from socius.events.tests.pages_support import published, session_with_speaker
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import theme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_a_visitor_finds_an_event_by_theme_and_downloads_it(live_server, browser_page):
    b: BrowserPage = browser_page
    page = b.page
    wanted = published(title="Debat om boliger", theme=theme("bolig"), hearing_loop=True)
    session_with_speaker(wanted, "Maria Nørgaard")
    other = published(title="Konference om hjemløshed")

    b.visit(live_server.url + "/arrangementer/")
    page.locator("#id_theme").select_option("bolig")
    page.locator("main form[method=get] button[type=submit]").click()
    b.check(shows=page.locator(f"a[href='{wanted.get_absolute_url()}']"))
    assert page.locator(f"a[href='{other.get_absolute_url()}']").count() == 0

    page.locator(f"a[href='{wanted.get_absolute_url()}']").click()
    b.check("Debat om boliger")
    assert page.get_by_text("Maria Nørgaard").count() >= 1
    with page.expect_download() as download:
        page.locator(f"a[href='/arrangementer/{wanted.slug}/kalender.ics']").click()
    cal = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    assert str(next(iter(cal.walk("VEVENT")))["SUMMARY"]) == "Debat om boliger"


def test_an_organiser_creates_and_publishes_an_event(live_server, browser_page, editor):
    b: BrowserPage = browser_page
    page = b.page
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=20)
    log_in(b, base, editor, mfa=True)

    b.visit(base + "/arrangementer/arrangoer/")
    page.locator("a[href='/arrangementer/arrangoer/ny/']").click()
    b.check(shows=page.locator("#id_title"))
    page.locator("#id_organiser").select_option("taenketank")
    page.locator("#id_kind").select_option("conference")
    page.locator("#id_title").fill("Konference om ensomhed")
    page.locator("#id_summary").fill("En dag om det, der virker mod ensomhed.")
    page.locator("#id_theme").select_option(label="Hjemløshed")
    page.locator("#id_starts_at").fill(f"{day.isoformat()}T09:00")
    page.locator("#id_ends_at").fill(f"{day.isoformat()}T16:00")
    page.locator("#id_venue_name").fill("Dokk1")
    page.locator("#id_capacity").fill("100")
    page.locator("#id_registration_opens_at").fill(f"{timezone.localdate().isoformat()}T00:00")
    page.locator("#id_registration_closes_at").fill(f"{day.isoformat()}T08:00")
    page.locator("main form[method=post] button[type=submit]").last.click()
    b.check("Konference om ensomhed")
    event = Event.objects.get(title="Konference om ensomhed")
    assert event.status == Event.Status.DRAFT

    page.locator(f"a[href='/arrangementer/talere/ny/?arrangement={event.slug}']").first.click()
    b.check(shows=page.locator("#id_name"))
    page.locator("#id_name").fill("Karen Forsker")
    page.locator("#id_affiliation").fill("Seniorforsker")
    page.locator("main form[method=post] button[type=submit]").last.click()
    b.check(shows=page.locator("#id_room"))
    speaker = Speaker.objects.get(name="Karen Forsker")
    page.locator("#id_title").fill("Velkommen")
    page.locator("#id_starts_at").fill(f"{day.isoformat()}T09:00")
    page.locator("#id_ends_at").fill(f"{day.isoformat()}T10:00")
    page.locator("#id_room").fill("Store sal")
    page.locator(
        f"label[for]:has-text('Karen Forsker'), input[value='{speaker.pk}'] + label"
    ).first.click()
    page.locator("main form[method=post] button[type=submit]").last.click()
    b.check("Konference om ensomhed", shows=page.get_by_text("Velkommen"))

    page.locator(f"form[action='/arrangementer/{event.slug}/offentliggoer/'] button").click()
    b.check("Konference om ensomhed", shows=page.locator(".alert-success"))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert list(event.sessions.get().speakers.all()) == [speaker]

    page.locator(f"a[href='{event.get_absolute_url()}']").first.click()
    b.check("Konference om ensomhed", shows=page.get_by_text("Store sal"))
