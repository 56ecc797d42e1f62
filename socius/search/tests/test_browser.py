"""Searching from the header in a real browser, with axe on every page."""

import pytest

from socius.tests_support.browser import open_menu_if_collapsed
from socius.tests_support.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_search_an_inflected_word_from_the_header(live_server, browser_page):
    b, page = browser_page, browser_page.page
    # Transactional test: on-commit runs at once, so the immediate task indexes it.
    OrganisationFactory(
        name="Fællesskabet i Gellerup", slug="faellesskabet-gellerup", description="Mad og snak."
    )
    b.visit(live_server.url + "/")
    open_menu_if_collapsed(page)
    # The header holds the search twice (the bar and the phone's menu): use the one shown.
    menu = page.get_by_role("dialog", name="Menu")
    header = menu if menu.is_visible() else page.locator("header .navigation-menu")
    header_search = header.get_by_role("search", name="Søg på Socius")
    header_search.get_by_role("searchbox", name="Søg efter").fill("fællesskaber")
    header_search.get_by_role("button", name="Søg").click()
    b.check(shows=page.locator("main mark"))
    assert "/soeg/" in page.url
    assert page.get_by_role("status").inner_text().strip().startswith("1 ")
    assert page.locator("mark").first.inner_text() == "Fællesskabet"
    page.get_by_role("link", name="Fællesskabet i Gellerup").click()
    b.check("Fællesskabet i Gellerup")
