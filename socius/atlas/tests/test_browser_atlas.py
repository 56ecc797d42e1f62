"""A visitor finds their municipality, compares it with the most similar ones and with
municipalities they pick, and downloads the data: in a real browser, axe on every page, at a
desktop's and a phone's width."""

from __future__ import annotations

import re

import pytest

from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_a_visitor_compares_their_municipality_and_downloads_the_data(
    live_server, browser_page: BrowserPage, full_atlas
):
    b, page = browser_page, browser_page.page
    base = live_server.url

    b.visit(base + "/atlas/", heading=re.compile("atlas", re.I))
    page.locator("#id_kommune").select_option(label="Aarhus")
    page.locator("form[action='/atlas/kommune/'] button[type=submit]").click()
    b.check(re.compile("Aarhus"))

    # The indicator's map from the municipality's page, and back.
    page.locator("a[href='/atlas/indikator/folketal/']").first.click()
    b.check(shows=page.locator("svg.atlas-map[role=img]"))
    page.go_back()
    b.check(re.compile("Aarhus"))

    page.locator("a[href='/atlas/sammenlign/?kommune=751']").click()
    b.check(shows=page.locator("#result-heading"))
    result = page.locator("#result-heading + div table")
    assert result.locator("thead a").count() == 6  # Aarhus and the five most similar
    assert result.locator("thead a").first.inner_text() == "Aarhus"

    with page.expect_download() as download:
        page.locator("a[href$='format=csv']").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "folketal;751;Aarhus;2024;378361" in text

    # Now the visitor picks two municipalities of their own.
    page.locator("summary", has_text="Region Syddanmark").click()
    # DKFDS draws the checkbox on the label; the person clicks that.
    page.locator("label").filter(has_text=re.compile("^Odense$")).click()
    page.locator("summary", has_text="Region Nordjylland").click()
    page.locator("label").filter(has_text=re.compile("^Aalborg$")).click()
    assert page.get_by_label("Aalborg", exact=True).is_checked()
    page.locator("form:has(input[name=kommuner]) button[type=submit]").click()
    b.check(shows=page.locator("#result-heading"))
    names = page.locator("#result-heading + div table thead a").all_inner_texts()
    assert names == ["Aalborg", "Odense"]

    with page.expect_download() as download:
        page.locator("a[href$='format=jsonstat']").click()
    assert '"version": "2.0"' in download.value.path().read_text(encoding="utf-8")
