"""The API documentation and the filter forms in a real browser at 1280 and 390 px, with axe."""

import pytest

from socius.tests_support.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1280, 390]


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_documentation_passes_axe(live_server, browser_page, width):
    b, page = browser_page, browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    b.visit(live_server.url + "/api/docs")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().strip() == "API-dokumentation"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("script:not([src])").count() == 0
    assert page.get_by_role("heading", name="GET /api/themes").count() == 1
    _no_sideways_scrolling(page)
    page.get_by_role("link", name="OpenAPI-dokumentet (JSON) til værktøjer og kodegeneratorer")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_filter_button_sits_with_the_fields(live_server, browser_page, width):
    b, page = browser_page, browser_page.page
    OrganisationFactory(name="Fællesskabet i Gellerup", slug="faellesskabet-gellerup")
    page.set_viewport_size({"width": width, "height": 900})
    b.visit(live_server.url + "/organisationer/")
    page.get_by_role("heading", level=1).wait_for()
    form = page.get_by_role("search", name="Filtrer organisationer")
    assert "frivilligt" not in form.inner_text()
    fields = form.locator(".form-input, .form-select")
    first, last = fields.first.bounding_box(), fields.last.bounding_box()
    button = form.get_by_role("button", name="Filtrer").bounding_box()
    if width >= 1000:
        # One row: the button ends the row, level with the inputs.
        assert abs((button["y"] + button["height"]) - (last["y"] + last["height"])) <= 4
        assert button["x"] > last["x"] + last["width"]
        assert abs(first["y"] - last["y"]) <= 1
    else:
        # Stacked: the button follows the last field and is as wide as the fields.
        assert button["y"] >= last["y"] + last["height"]
        assert abs(button["width"] - last["width"]) <= 2
    _no_sideways_scrolling(page)
