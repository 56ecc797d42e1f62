"""The 503 page (the database cannot be reached) in a real browser: its styles load without a
CSP complaint, the heading and the way back are there, and axe finds nothing at 1280 or 390
px. The failure is real: the test URL opens a connection to where no database answers
(test_unavailable.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from socius.core.tests.test_unavailable import HEADING, dead_address
from socius.tests_support.browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

__all__ = ["dead_address"]


def test_the_503_page_is_accessible(live_server, browser_page, settings, dead_address):
    settings.ROOT_URLCONF = "socius.core.tests.test_unavailable"
    url = live_server.url + "/test/refused/"
    page = browser_page.page
    response = page.goto(url)
    assert response is not None
    assert response.status == 503
    with translation.override("da"):
        heading, again = gettext(HEADING), gettext("Try again")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name=again)).to_have_attribute("href", "/test/refused/")
    assert_accessible(page)
    # The page's own 503 is the only complaint (the browser reports it twice): the style
    # sheets loaded, and the policy refused nothing.
    assert f"503 {url}" in browser_page.console_errors
    assert [e for e in browser_page.console_errors if "503" not in e] == []


def test_the_413_page_is_accessible(live_server, browser_page, settings):
    # A form whose body is above the platform's limit (SOCIUS_MAX_UPLOAD_MB, 10 by default).
    page = browser_page.page
    page.goto(live_server.url + "/")
    page.evaluate(
        """([action, size]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const field = document.createElement("textarea");
            field.name = "big";
            field.value = "x".repeat(size);
            form.appendChild(field);
            document.body.appendChild(form);
            form.submit();
        }""",
        [live_server.url + "/", (settings.MAX_UPLOAD_MB + 1) * 1024 * 1024],
    )
    with translation.override("da"):
        heading = gettext("What you sent is too large")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name=gettext("Go to the front page"))).to_be_visible()
    assert_accessible(page)
