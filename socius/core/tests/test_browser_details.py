"""The API documentation and the filter forms in a real browser at 1280 and 390 px, with axe."""

import pytest

from socius.tests_support.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


def test_the_api_documentation_passes_axe(live_server, browser_page):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/api/docs", heading="API-dokumentation")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("script:not([src])").count() == 0
    assert page.get_by_role("heading", name="GET /api/themes").count() == 1
    _no_sideways_scrolling(page)
    page.get_by_role("link", name="OpenAPI-dokumentet (JSON) til værktøjer og kodegeneratorer")


@pytest.mark.width(1280, 390)
def test_the_filter_button_sits_with_the_fields(live_server, browser_page, viewport):
    b, page = browser_page, browser_page.page
    OrganisationFactory(name="Fællesskabet i Gellerup", slug="faellesskabet-gellerup")
    b.visit(live_server.url + "/organisationer/", heading="Organisationer")
    form = page.get_by_role("search", name="Filtrer organisationer")
    assert "frivilligt" not in form.inner_text()
    fields = form.locator(".form-input, .form-select")
    first, last = fields.first.bounding_box(), fields.last.bounding_box()
    button = form.get_by_role("button", name="Filtrer").bounding_box()
    if viewport["width"] >= 1000:
        # One row: the button ends the row, level with the inputs.
        assert abs((button["y"] + button["height"]) - (last["y"] + last["height"])) <= 4
        assert button["x"] > last["x"] + last["width"]
        assert abs(first["y"] - last["y"]) <= 1
    else:
        # Stacked: the button follows the last field and is as wide as the fields.
        assert button["y"] >= last["y"] + last["height"]
        assert abs(button["width"] - last["width"]) <= 2
    _no_sideways_scrolling(page)
