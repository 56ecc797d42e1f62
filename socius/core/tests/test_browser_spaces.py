"""A visitor goes from the front page to a theme, to a citizen proposal on it, and on to the
space of the municipality that runs the proposal scheme; then an administrator edits that
municipality's details. At 1280 and at 390 px, with axe on every page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from socius.core.models import MunicipalSpace
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:Limit for query logging"),
]

WIDTHS = [(1280, 900), (390, 844)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _visitor(chromium, width: int, height: int) -> BrowserPage:
    context = chromium.new_context(locale="da-DK", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15000)
    return BrowserPage(page)


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_home_to_theme_to_municipal_space(live_server, chromium, demo, width, height):
    b = _visitor(chromium, width, height)
    page = b.page
    b.visit(live_server.url + "/")
    page.get_by_role("heading", level=2, name="Åbne samtaler").wait_for()
    page.get_by_role("heading", level=2, name="Borgerforslag, der samler underskrifter").wait_for()
    b.check()

    main = page.locator("main")
    main.get_by_role("link", name="Fællesskaber og ensomhed", exact=True).click()
    page.get_by_role("heading", level=1, name="Fællesskaber og ensomhed").wait_for()
    for heading in ("Viden", "Samtaler", "Borgerforslag", "Fællesskaber", "Ansøgningsrunder"):
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()
    b.check()

    main.get_by_role("link", name="Flere bænke og toiletter i Riis Skov").click()
    page.get_by_role("heading", level=1, name="Flere bænke og toiletter i Riis Skov").wait_for()
    responsible = page.get_by_role("complementary", name="Ansvarlig myndighed")
    responsible.get_by_text("Drives af Aarhus Kommune, Sociale Forhold og Beskæftigelse").wait_for()
    b.check()

    responsible.get_by_role("link", name=re.compile("Alt, hvad Aarhus driver")).click()
    page.get_by_role("heading", level=1, name="Aarhus").wait_for()
    page.get_by_text("socius@aarhus.example").first.wait_for()
    for heading in ("Borgerforslag", "Whistleblowerordning", "Puljer", "Fællesskabsrådgivning"):
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()
    b.check()
    page.context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_an_administrator_edits_who_is_responsible(live_server, chromium, demo, width, height):
    admin = UserFactory(roles=["administrator"], totp=True)
    b = _visitor(chromium, width, height)
    page = b.page
    log_in(b, live_server.url, admin, mfa=True)
    b.visit(live_server.url + "/administration/kommuner/")
    page.get_by_role("heading", level=1, name="Deltagende kommuner").wait_for()
    page.get_by_role("link", name="Rediger Aarhus", exact=True).click()
    page.get_by_role("heading", level=1, name="Aarhus på Socius").wait_for()
    b.check()
    page.get_by_label("Kontakttelefon").fill("87 13 00 00")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Kommunens oplysninger er gemt.").wait_for()
    b.check()
    assert MunicipalSpace.objects.get(slug="aarhus").contact_phone == "87 13 00 00"
    page.context.close()
