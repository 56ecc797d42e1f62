"""Min plan in real browsers, with axe on every page, at a desktop's and a phone's width: a
citizen writes a plan and shares part of it, the professional comments, the citizen stops
the sharing, and the professional's next request finds nothing - two browsers, two people."""

import datetime

import pytest
from django.utils import timezone

from socius.core.roles import Role
from socius.plans.models import Share
from socius.tests_support.browser import BrowserPage, log_in, open_menu_if_collapsed
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _signed_in(open_browser, base, user) -> BrowserPage:
    # Two-factor at login: Min plan opens only to a session that has passed it (or MitID).
    b: BrowserPage = open_browser()
    log_in(b, base, user, mfa=True)
    return b


@pytest.mark.width(390)
def test_a_citizen_shares_part_of_the_plan_and_stops_it(live_server, open_browser):
    base = live_server.url
    citizen = UserFactory(roles=[Role.CITIZEN], totp=True, name="Sara Borger")
    professional = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Omar Rådgiver")

    # The citizen finds Min plan in the menu and starts a plan with one goal.
    me = _signed_in(open_browser, base, citizen)
    page = me.page
    me.visit(base + "/")
    open_menu_if_collapsed(page)
    link = page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Min plan")
    if not link.is_visible():  # DKFDS moves what does not fit at 1280 px into "Mere"
        page.get_by_role("button", name="Mere").click()
    link.click()
    me.check("Min plan", shows=page.get_by_text("Sådan passer vi på den"))
    page.get_by_role("link", name="Gå til din plan").click()
    me.check("Min plan", shows=page.get_by_role("link", name="Start din plan"))
    page.get_by_role("link", name="Start din plan").click()
    me.check("Start din plan")
    page.get_by_label("Et navn til din plan").fill("Min vej til arbejde")
    page.get_by_role("button", name="Start min plan").click()
    me.check("Nyt mål", shows=page.get_by_text("Din plan er klar. Tilføj dit første mål."))
    page.get_by_label("Dit mål").fill("Få et job i en butik")
    page.get_by_role("button", name="Gem mål").click()
    me.check("Nyt trin")  # the first step of the goal comes next
    page.get_by_label("Hvad er trinnet?").fill("Skriv et CV")
    page.get_by_role("button", name="Gem trin").click()
    me.check("Få et job i en butik", shows=page.get_by_text("Skriv et CV"))

    # She shares her goals, not the rest, with her case handler, until a given day.
    me.visit(base + "/min-plan/", heading="Min vej til arbejde")
    page.get_by_role("link", name="Hvem kan se min plan").click()
    me.check("Hvem kan se din plan")
    page.get_by_role("link", name="Del din plan").click()
    me.check("Del din plan")
    page.get_by_label("Mål og trin").check()
    page.get_by_label("Din kontakts mail").fill(professional.email)
    page.get_by_label("Hvorfor deler du?").fill("Så Omar kan hjælpe mig med at søge job.")
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Sidste dag").fill(last_day.isoformat())
    page.get_by_role("button", name="Del planen").click()
    me.check(
        "Hvem kan se din plan",
        shows=page.get_by_text("Din plan er delt. Du kan stoppe det her når som helst."),
    )

    # The case handler, in a browser of his own, reads the shared part and comments.
    omar = _signed_in(open_browser, base, professional)
    op = omar.page
    omar.visit(base + "/min-plan/delt-med-mig/", heading="Planer delt med mig")
    op.get_by_role("link", name="Sara Borger").click()
    omar.check("Planen for Sara Borger", shows=op.get_by_text("Få et job i en butik"))
    op.get_by_label("Din kommentar").fill("Godt mål. Lad os finde tre butikker sammen.")
    op.get_by_role("button", name="Gem kommentaren").click()
    omar.check(shows=op.get_by_text("Din kommentar er gemt. Borgeren kan læse den."))
    shared_plan = op.url

    # The citizen sees the comment beside the share, and stops sharing in one click.
    page.reload()
    me.check(
        "Hvem kan se din plan",
        shows=page.get_by_text("Godt mål. Lad os finde tre butikker sammen."),
    )
    page.get_by_role("button", name="Stop deling med Omar Rådgiver").click()
    me.check(shows=page.get_by_text("Delingen er stoppet. De kan ikke se din plan mere."))
    assert Share.objects.get().revoked_at is not None

    # His very next request finds nothing: not the plan, not that it exists.
    op.goto(shared_plan)
    omar.console_errors.clear()  # the 404 itself is what this step expects
    omar.check("Siden blev ikke fundet")
    assert op.get_by_text("Få et job i en butik").count() == 0
