"""A visitor finds a municipality's open contracting data and its files, at a desktop's and a
phone's width, with axe on every page."""

import datetime

import pytest

from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_a_visitor_finds_the_files_of_a_municipality(
    live_server, open_browser, viewport, make_contract
):
    make_contract("active", awarded_on=datetime.date(2026, 2, 10))
    make_contract("tender")
    b: BrowserPage = open_browser()
    page = b.page
    b.visit(live_server.url + "/indkoeb/aabne-data/")
    page.locator("main a[href='/indkoeb/aabne-data/aarhus/']").click()
    b.check(shows=page.locator("a[href='/indkoeb/aabne-data/aarhus/2026/2/releases.json']"))
    assert page.url.endswith("/indkoeb/aabne-data/aarhus/")
    assert page.locator("a[href='/indkoeb/aabne-data/aarhus/2026/records.json']").count() == 1
    assert page.locator("main table").count() >= 1
