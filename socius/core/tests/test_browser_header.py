"""The header in a real browser at 1280 and 390 px: every service in reach, and DKFDS's mobile
menu (a "Menu" button with aria-expanded, focus kept inside, Escape closes), axe on each
state."""

import pytest

from socius.core.roles import Role
from socius.tests_support.browser import assert_accessible, log_in, open_menu_if_collapsed
from socius.tests_support.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERVICES = [
    "Viden",
    "Samtaler",
    "Borgerforslag",
    "Tilskud",
    "Find et fællesskab",
    "Fællesskabsrådgivning",
    "Whistleblower",
    "Min plan",
    "Medborgerskab i skolen",
]


def _focus_inside(page, selector):
    return page.evaluate(
        "s => document.querySelector(s).contains(document.activeElement)", selector
    )


@pytest.mark.width(1280)
def test_every_service_is_one_click_away_at_1280(live_server, browser_page):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    menu = page.get_by_role("navigation", name="Hovedmenu")
    for name in SERVICES:
        link = menu.get_by_role("link", name=name, exact=True)
        if not link.is_visible():
            # DKFDS moves what does not fit into its "Mere" menu: still two clicks.
            menu.get_by_role("button", name="Mere").click()
        assert link.is_visible(), name
        if page.get_by_role("button", name="Mere").count():
            page.keyboard.press("Escape")
    menu.get_by_role("link", name="Borgerforslag", exact=True).click()
    b.check("Borgerforslag")
    assert page.url.endswith("/borgerforslag/")


@pytest.mark.width(390)
def test_the_mobile_menu_at_390(live_server, browser_page):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/")
    button = page.get_by_role("button", name="Menu")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Log ind").is_visible()

    # Open: the drawer is a dialog with everything the header holds on a wide screen.
    button.focus()
    page.keyboard.press("Enter")
    drawer = page.get_by_role("dialog", name="Menu")
    drawer.wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    assert _focus_inside(page, "#mobile-menu")
    for name in [*SERVICES, "Log ind", "Opret konto", "English"]:
        assert drawer.get_by_role("link", name=name, exact=True).is_visible(), name
    assert drawer.get_by_role("searchbox", name="Søg efter").is_visible()
    assert_accessible(page)

    # Tab and Shift+Tab cycle inside the drawer.
    for _ in range(len(SERVICES) + 8):
        page.keyboard.press("Tab")
        assert _focus_inside(page, "#mobile-menu")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        assert _focus_inside(page, "#mobile-menu")

    # Escape closes it and gives focus back to the button.
    page.keyboard.press("Escape")
    drawer.wait_for(state="hidden")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('js-menu-open')")
    assert_accessible(page)

    # The close button closes it too; a link in the drawer leads on.
    button.click()
    drawer.get_by_role("button", name="Luk").click()
    drawer.wait_for(state="hidden")
    button.click()
    drawer.get_by_role("link", name="Whistleblower", exact=True).click()
    b.check("Whistleblowerordning")
    assert page.url.endswith("/whistleblower/")


@pytest.mark.width(390)
def test_search_and_login_with_the_mobile_menu_alone(live_server, browser_page):
    b, page = browser_page, browser_page.page
    user = UserFactory(roles=[Role.CITIZEN], name="Mona Mobil")
    b.visit(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    drawer.get_by_role("searchbox", name="Søg efter").fill("borgerforslag")
    drawer.get_by_role("button", name="Søg").click()
    b.check(shows=page.get_by_role("status"))
    assert "/soeg/" in page.url

    page.get_by_role("button", name="Menu").click()
    drawer.get_by_role("link", name="Log ind").click()
    b.check("Log ind")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name="Menu").click()
    drawer.get_by_role("link", name="Mona Mobil").wait_for()
    assert_accessible(page)
    drawer.get_by_role("button", name="Log ud").click()
    b.check(shows=page.get_by_text("Du er logget ud."))


@pytest.mark.width(1280, 390)
def test_staff_reach_their_work_from_the_header(live_server, browser_page, viewport):
    b, page = browser_page, browser_page.page
    advisor = UserFactory(roles=[Role.ADVISOR], totp=True)
    log_in(b, live_server.url, advisor, mfa=True, form=True)
    scope = page.locator("header")
    if viewport["width"] < 1000:
        open_menu_if_collapsed(page)
        scope = page.get_by_role("dialog", name="Menu")
    work = scope.get_by_role("button", name="Mit arbejde")
    if work.is_visible():
        work.click()
    else:  # DKFDS moved it into "Mere" on the desktop bar: its links are listed there
        scope.get_by_role("button", name="Mere").click()
    assert_accessible(page)
    assert not scope.get_by_role("link", name="Administration").count()
    scope.get_by_role("link", name="Anmodninger om rådgivning").click()
    b.check("Rådgivernes kø")
    assert "/faellesskaber/raadgivning/koe/" in page.url
