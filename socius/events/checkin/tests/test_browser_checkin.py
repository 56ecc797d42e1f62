"""Check-in at the door in a real browser at a phone's width, axe on every page at both
widths: a code is checked in, the same code again is "already checked in", a forged one is
refused, and the scans reach the server."""

import re

import pytest
from django.urls import reverse

from socius.events.checkin.models import Scan
from socius.events.checkin.tests.support import event_make, organiser_make, registration_make
from socius.events.checkin.tickets import ticket_for
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_an_organiser_checks_a_registrant_in_at_the_door(live_server, open_browser):
    organiser = organiser_make()
    event = event_make(organiser=organiser)
    registration = registration_make(event, name="Anna Jensen", party_size=2)
    token = ticket_for(registration).token
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")

    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, live_server.url, organiser)
    b.visit(
        live_server.url + reverse("event_checkin:checkin-page", args=[event.slug]),
        heading="Indtjekning",
    )
    result = page.locator("#checkin-result")
    code = page.get_by_label("Kode fra billetten")

    code.fill(token)
    page.get_by_role("button", name="Tjek ind", exact=True).click()
    b.check(shows=result.get_by_text("Tjekket ind", exact=True))
    b.check(shows=result.get_by_text("Anna, 2 personer"))

    code.fill(token)
    page.get_by_role("button", name="Tjek ind", exact=True).click()
    b.check(shows=result.get_by_text(re.compile("allerede tjekket ind", re.IGNORECASE)))

    code.fill(forged)
    page.get_by_role("button", name="Tjek ind", exact=True).click()
    b.check(shows=result.get_by_text("Billetten er ikke gyldig. Den er ændret eller opdigtet."))

    b.check(shows=page.get_by_text("Alle scanninger er sendt."))
    b.check(shows=page.get_by_text("2 af 2 personer er tjekket ind."))
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert sorted(Scan.objects.values_list("outcome", flat=True)) == [
        "already",
        "checked_in",
        "refused",
    ]
