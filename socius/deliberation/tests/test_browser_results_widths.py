"""The results page at 1280 and 390 px: the summary first and the numbers folded below it,
each fold opened by keyboard; every scrollable table is a focusable, labelled region (axe
``scrollable-region-focusable``, checked with every fold open) and the page itself does not
scroll sideways."""

import re

import pytest
from playwright.sync_api import expect

from socius.deliberation.demo import conversation_demo_create, crowd_create, crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def computed(db):
    from socius.core.roles import Role

    moderator = UserFactory(roles=[Role.EDITOR], totp=True)
    conversation = conversation_demo_create(moderator=moderator)
    crowd_vote(conversation, crowd_create(verifier=moderator))
    conversation_compute(conversation.pk)
    return conversation


@pytest.mark.width(1280, 390)
def test_the_results_page_passes_axe(live_server, browser_page, computed, viewport):
    b, page = browser_page, browser_page.page
    b.visit(
        f"{live_server.url}/samtaler/{computed.slug}/resultater/", heading=re.compile("^Resultater")
    )
    expect(page.get_by_role("heading", name="Kort fortalt")).to_be_visible()
    # The folded page is short: 5,356 px at 1280 px before the summary and the folds.
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"results page height at {viewport['width']} px, folded: {height} px")
    if viewport["width"] == 1280:
        assert height < 3600
    bridging = page.get_by_role("region", name="Brobyggende udsagn")
    expect(bridging).to_be_hidden()
    folds = page.locator("main details > summary")
    assert folds.count() >= 5
    for i in range(folds.count()):
        folds.nth(i).focus()
        page.keyboard.press("Enter")
    b.check(shows=bridging)
    assert page.locator("main details:not([open])").count() == 0
    assert bridging.get_attribute("tabindex") == "0"
    bridging.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Brobyggende udsagn"
    )
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= viewport["width"]
