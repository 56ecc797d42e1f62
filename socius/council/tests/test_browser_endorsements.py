"""Cross-party support in real browsers, with axe on every page, at a desktop's and a phone's
width: a verified politician opens a published recommendation, writes a reason and endorses;
the box then shows their party and the measure."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from socius.council.models import Endorsement
from socius.tests_support.browser import BrowserPage, log_in

from .endorsements_support import blocs_seed, politician_make, recommendation_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def da(msgid: str) -> str:
    with translation.override("da"):
        return gettext(msgid)


@pytest.mark.width(390)
def test_a_politician_endorses_a_recommendation(live_server, open_browser):
    base = live_server.url
    blocs_seed()
    page_obj = recommendation_make("Faste mødesteder for unge")
    lise = politician_make("Socialdemokratiet", name="Lise Hansen")

    me: BrowserPage = open_browser()
    page = me.page
    log_in(me, base, lise)
    me.visit(base + page_obj.url, heading="Faste mødesteder for unge")
    box = page.locator("#cross-party-support")
    me.check(shows=box.get_by_text(da("No party has endorsed this yet.")))
    box.get_by_label(da("Why do you support it?")).fill("Unge skal have et sted at høre til.")
    box.get_by_role(
        "button", name=da("Endorse for %(party)s") % {"party": "Socialdemokratiet"}
    ).click()
    me.check(
        "Faste mødesteder for unge", shows=box.get_by_text("Unge skal have et sted at høre til.")
    )
    assert box.get_by_text("Socialdemokratiet").first.is_visible()
    words = box.locator("#support-words").inner_text()
    assert "1" in words
    assert "3" in words
    assert Endorsement.objects.get().politician == lise

    # The page with every endorsement, and how it is measured.
    box.get_by_role("link", name=da("All endorsements and reasons")).click()
    me.check(shows=page.get_by_role("cell", name="Unge skal have et sted at høre til."))
    page.get_by_role("link", name=da("How the support is measured")).first.click()
    me.check(da("How cross-party support is measured"))
