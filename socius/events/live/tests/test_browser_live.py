"""A live debate in four browsers: the organiser's screen, two people voting from their phones
(or desktops), and the screen following the votes without a reload; axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from socius.core.roles import Role
from socius.events.live.tests.conftest import make_event
from socius.tests_support.browser import log_in
from socius.tests_support.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUDIENCE = re.compile("Stem i debatten|Vote in the debate")


@pytest.mark.width(390)
def test_two_people_vote_and_the_organisers_screen_follows(
    live_server, open_browser, organiser, debate_conversation
):
    event = make_event(debate_conversation)
    base = live_server.url
    audience_url = f"{base}/arrangementer/{event.slug}/debat/"

    # The organiser puts the screen on the projector.
    screen = open_browser()
    log_in(screen, base, organiser, mfa=True)
    screen.visit(audience_url + "skaerm/", heading=debate_conversation.question)
    figures = screen.page.locator("[data-screen-votes]")
    expect(figures).to_have_text("0")
    expect(screen.page.locator("[data-screen-participants]")).to_have_text("1")

    # Anna comes from the event's debate page, logs in from it and is sent back to it.
    anna = UserFactory(roles=[Role.CITIZEN], name="Anna Andersen")
    a = open_browser()
    a.visit(audience_url, heading=AUDIENCE)
    a.page.locator("main").get_by_role("link", name=re.compile("^(Log ind|Log in)$")).click()
    a.check(shows=a.page.locator("#id_login"))
    a.page.locator("#id_login").fill(anna.email)
    a.page.locator("#id_password").fill(PASSWORD)
    a.page.get_by_role("button", name="Log ind").click()
    a.check(AUDIENCE)
    first = a.page.locator("[data-live-text]").inner_text()
    a.page.get_by_role("button", name="Enig", exact=True).click()
    # No reload: the next statement replaces the first, and the status says the vote counted.
    expect(a.page.locator("[data-live-text]")).not_to_have_text(first)
    a.check(shows=a.page.locator("#live-status"))

    # Bo, logged in beforehand, votes too.
    bo = UserFactory(roles=[Role.PRACTITIONER], name="Bo Bertelsen")
    b = open_browser()
    log_in(b, base, bo)
    b.visit(audience_url, heading=AUDIENCE)
    b.page.get_by_role("button", name="Uenig", exact=True).click()
    expect(b.page.locator("#live-status")).not_to_be_empty()

    # The screen follows within its 2-second poll, with no reload.
    # (The organiser, who wrote the first statements, is the third participant.)
    expect(figures).to_have_text("2")
    expect(screen.page.locator("[data-screen-participants]")).to_have_text("3")
    screen.check(shows=screen.page.locator("[data-screen-fresh]"))
    assert "Anna" not in screen.page.content()
    assert anna.email not in screen.page.content()

    # Anna adds a statement from her phone.
    a.page.locator("#id_text").fill("Klubberne skal holde åbent om lørdagen.")
    a.page.locator("form[data-live-statement] button[type=submit]").click()
    expect(a.page.locator("#id_text")).to_have_value("")
    a.check(shows=a.page.locator("#live-status"))
