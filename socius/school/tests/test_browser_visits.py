"""A class books an association's visit, in real browsers with axe on every page, at a
desktop's and a phone's width: a verified teacher finds a listed offer and books it for their
class, the association's contact person confirms it, and the teacher sees it confirmed on the
class's visits page. Two browsers, two people.

The pages are read in English (the language cookie), so the test reads the message ids; the
Danish words are the translation catalogue's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socius.school.models import BookingState, VisitBooking
from socius.school.tests.school_support import teacher_make
from socius.school.tests.visits_support import association_make, class_with_pupils, offer_make
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session(open_browser, base, user) -> BrowserPage:
    b: BrowserPage = open_browser()
    b.page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    log_in(b, base, user)
    return b


def test_a_teacher_books_a_visit_and_the_association_confirms_it(live_server, open_browser):
    base = live_server.url
    organisation, contact = association_make(
        name="Fællesskabshuset Test", contact_name="Kim Kontakt"
    )
    offer = offer_make(organisation, contact, title="Besøg i lektiecaféen")
    teacher = teacher_make(name="Hanne Lærer")
    school_class = class_with_pupils(6, teacher=teacher, name="8.B")
    day = timezone.localdate() + datetime.timedelta(days=14)

    # The teacher finds the offer in the public list and books it for 8.B.
    t = _session(open_browser, base, teacher)
    page = t.page
    t.visit(base + "/medborgerskab/besoeg/", heading="Visits from associations")
    page.get_by_role("link", name=offer.title).click()
    t.check(offer.title, shows=page.get_by_text("Fællesskabshuset Test"))
    page.get_by_role("link", name="Book for your class").click()
    t.check("Book a visit")
    page.get_by_label("Class", exact=True).select_option(label=f"8.B, {school_class.school.name}")
    page.get_by_label("Day", exact=True).fill(day.isoformat())
    page.get_by_label("Time", exact=True).fill("09:30")
    page.get_by_label("Number of pupils").fill("6")
    page.get_by_label("Message to the association").fill("Vi kommer med bus.")
    page.get_by_role("button", name="Book the visit").click()
    t.check(
        "Visits for 8.B",
        shows=page.get_by_text("The visit is booked. The association will answer you by e-mail."),
    )
    assert page.get_by_text("Waiting for an answer").count() == 1

    # The association's contact person confirms it from their own list.
    c = _session(open_browser, base, contact)
    cp = c.page
    c.visit(base + "/medborgerskab/besoeg/mine/", heading="Your offers")
    c.check(shows=cp.get_by_text("Vi kommer med bus."))
    cp.get_by_role("button", name="Confirm 8.B").click()
    c.check(
        "Your offers",
        shows=cp.get_by_text("The visit is confirmed. The teacher gets an e-mail."),
    )
    assert VisitBooking.objects.get().state == BookingState.CONFIRMED

    # The teacher sees it confirmed on the class's visits page.
    t.visit(
        base + f"/medborgerskab/klasser/{school_class.public_id}/besoeg/", heading="Visits for 8.B"
    )
    t.check(shows=page.get_by_text("Confirmed", exact=True))
