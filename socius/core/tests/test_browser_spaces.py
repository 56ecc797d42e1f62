"""A visitor goes from the front page to a theme, to a citizen proposal on it, and on to the
space of the municipality that runs the proposal scheme; then an administrator edits that
municipality's details. With axe on every page at 1280 and 390 px."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from socius.core.demo import demo_seed as core_demo_seed
from socius.core.models import MunicipalSpace
from socius.tests_support.browser import log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:Limit for query logging"),
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


@pytest.mark.width(390)
def test_home_to_theme_to_municipal_space(live_server, browser_page, demo):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/")
    page.get_by_role("heading", level=2, name="Åbne samtaler").wait_for()
    page.get_by_role("heading", level=2, name="Borgerforslag, der samler underskrifter").wait_for()

    main = page.locator("main")
    main.get_by_role("link", name="Fællesskaber og ensomhed", exact=True).click()
    b.check("Fællesskaber og ensomhed")
    for heading in ("Viden", "Samtaler", "Borgerforslag", "Fællesskaber", "Ansøgningsrunder"):
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()

    main.get_by_role("link", name="Flere bænke og toiletter i Riis Skov").click()
    responsible = page.get_by_role("complementary", name="Ansvarlig myndighed")
    b.check(
        "Flere bænke og toiletter i Riis Skov",
        shows=responsible.get_by_text("Drives af Aarhus Kommune, Sociale Forhold og Beskæftigelse"),
    )

    responsible.get_by_role("link", name=re.compile("Alt, hvad Aarhus driver")).click()
    b.check("Aarhus", shows=page.get_by_text("socius@aarhus.example"))
    for heading in ("Borgerforslag", "Whistleblowerordning", "Puljer", "Fællesskabsrådgivning"):
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()


def test_an_administrator_edits_who_is_responsible(live_server, browser_page):
    core_demo_seed()  # the accounts, organisations and Aarhus's space; no other module's content
    admin = UserFactory(roles=["administrator"], totp=True)
    b, page = browser_page, browser_page.page
    log_in(b, live_server.url, admin, mfa=True)
    b.visit(live_server.url + "/administration/kommuner/", heading="Deltagende kommuner")
    page.get_by_role("link", name="Rediger Aarhus", exact=True).click()
    b.check("Aarhus på Socius")
    page.get_by_label("Kontakttelefon").fill("87 13 00 00")
    page.get_by_role("button", name="Gem").click()
    b.check(shows=page.get_by_text("Kommunens oplysninger er gemt."))
    assert MunicipalSpace.objects.get(slug="aarhus").contact_phone == "87 13 00 00"
