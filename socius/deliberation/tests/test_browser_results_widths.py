"""The results page at 1280 and 390 px: every scrollable table is a focusable, labelled
region (axe ``scrollable-region-focusable``) and the page itself does not scroll sideways."""

import re

import pytest

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


def test_the_results_page_passes_axe(live_server, browser_page, computed, viewport):
    b, page = browser_page, browser_page.page
    b.visit(
        f"{live_server.url}/samtaler/{computed.slug}/resultater/", heading=re.compile("^Resultater")
    )
    bridging = page.get_by_role("region", name="Brobyggende udsagn")
    assert bridging.get_attribute("tabindex") == "0"
    bridging.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Brobyggende udsagn"
    )
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= viewport["width"]
