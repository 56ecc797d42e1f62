"""A guest registers for an event; then, for a full event, joins the waiting list, a
confirmed person cancels, the waiting person gets the offer by e-mail, accepts it and sees
the seat confirmed: in a real browser, axe on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from socius.events import services
from socius.events.models import Registration
from socius.events.tests.registration_support import LINK, event_make
from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CONFIRMED = re.compile("Bekræftet|Confirmed")


def _register(b: BrowserPage, base: str, slug: str, title: str, name: str) -> None:
    page = b.page
    b.visit(f"{base}/arrangementer/{slug}/tilmeld/", heading=re.compile(re.escape(title)))
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(f"{name.lower()}@example.dk")
    page.locator("#id_party_size").fill("1")
    page.locator("main form button.button-primary").click()
    b.check(shows=page.locator("#registration-status"))


@pytest.mark.width(390)
def test_register_then_wait_and_get_a_seat(live_server, browser_page: BrowserPage, smtp_server):
    b, page, base = browser_page, browser_page.page, live_server.url
    open_event = event_make(title="Borgermøde om trafik", capacity=20)
    full = event_make(title="Fællesspisning for alle", capacity=1)
    holder = services.registration_create(
        actor=AnonymousUser(), event=full, name="Anna", email="anna@example.dk"
    )

    # A guest registers for an event with seats.
    _register(b, base, open_event.slug, open_event.title, "Karen")
    assert CONFIRMED.search(page.locator("#registration-status").inner_text())

    # The full event: the guest goes on the waiting list.
    _register(b, base, full.slug, full.title, "Bo")
    assert re.search("1", page.locator("#registration-status").inner_text())
    waiting = Registration.objects.get(event=full, name="Bo")
    assert waiting.status == Registration.Status.WAITING

    # The confirmed person cancels from their personal page.
    key = services.registration_key(holder)
    b.visit(f"{base}/arrangementer/tilmelding/{key}/", heading=re.compile("."))
    page.locator(f"a[href='/arrangementer/tilmelding/{key}/afmeld/']").click()
    b.check(shows=page.locator(f"form[action='/arrangementer/tilmelding/{key}/afmeld/']"))
    page.locator("main form button.button-primary").click()
    b.check(shows=page.locator("#registration-status"))

    # The waiting person's offer arrives by e-mail; they accept it.
    offer = next(
        m
        for m in smtp_server.messages
        if m["To"] == "bo@example.dk" and "tag-imod" in smtp_server.body_of(m)
    )
    bo_key = LINK.search(smtp_server.body_of(offer)).group(1)
    b.visit(f"{base}/arrangementer/tilmelding/{bo_key}/tag-imod/", heading=re.compile("."))
    page.locator("main form button.button-primary").click()
    b.check(shows=page.locator("#registration-status"))
    assert CONFIRMED.search(page.locator("#registration-status").inner_text())
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
