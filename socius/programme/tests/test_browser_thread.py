"""The golden thread in real browsers, with axe on every page, at a desktop's and a phone's
width: a visitor starts on a recommendation, sees which parties back it, opens the whole
thread and follows it step by step, each step's own page and back, to the council's decision,
the programme's action and the measured result."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from socius.core.thread_services import thread_link
from socius.council import services_items as items
from socius.council.services_endorsements import endorsement_create
from socius.council.tests.endorsements_support import politician_make, recommendation_make
from socius.council.tests.items_support import (
    council_make,
    meeting_make,
    party,
    proposal_at_threshold,
    secretary_make,
)
from socius.programme.services_actions import action_from_council_item, measure_save
from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def da(msgid: str) -> str:
    with translation.override("da"):
        return gettext(msgid)


def _thread(admin, commitment):
    """Recommendation → (three parties' endorsements) → proposal → council decision → action
    → measure, through the modules' own services."""
    recommendation = recommendation_make("Faste mødesteder i alle lokalområder")
    for name in ("Socialdemokratiet", "Venstre", "SF – Socialistisk Folkeparti"):
        endorsement_create(
            actor=politician_make(name),
            kind="recommendation",
            key=str(recommendation.pk),
            reason="Et fast sted at mødes hjælper mod ensomhed.",
        )
    proposal = proposal_at_threshold(title="Et mødested i hvert lokalområde")
    thread_link(
        source=("recommendation", str(recommendation.pk)),
        target=("proposal", str(proposal.public_id)),
        actor=proposal.proposer,
    )
    secretary = secretary_make()
    council = council_make()
    item = items.item_create(
        actor=secretary, council=council, source="proposal", source_key=str(proposal.public_id)
    )
    items.item_schedule(actor=secretary, item=item, meeting=meeting_make(council, secretary))
    items.item_decide(
        actor=secretary,
        item=item,
        decision="adopted",
        text="Byrådet vedtog forslaget.",
        decision_url="https://aarhus.dk/referat/1",
        votes=[(party("Socialdemokratiet"), "for", None), (party("Venstre"), "for", None)],
        follow_up_by=timezone.localdate() + datetime.timedelta(days=90),
    )
    action = action_from_council_item(
        actor=admin,
        item_public_id=item.public_id,
        commitment=commitment,
        title="Mødesteder i alle lokalområder",
        owner="Kultur og Borgerservice",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=700),
    )
    measure_save(
        actor=admin,
        commitment=commitment,
        indicator_code="ensomhed",
        baseline="11.1",
        baseline_year=2025,
        target="9.0",
        target_year=2029,
        action=action,
    )
    return recommendation, proposal, item, action


def test_a_visitor_follows_a_thread_from_the_recommendation_to_the_measured_result(
    live_server, browser_page, admin, commitment, atlas
):
    recommendation, proposal, item, action = _thread(admin, commitment)
    b: BrowserPage = browser_page
    page = b.page
    base = live_server.url

    # The recommendation shows its cross-party support and where it stands on the thread.
    b.visit(base + recommendation.url, heading=recommendation.title)
    b.check(shows=page.get_by_text("Venstre").first)
    page.get_by_role("link", name=da("See the whole thread")).click()
    b.check(shows=page.get_by_role("heading", name=da("The steps")))

    # The thread lists every step, from the recommendation to the measure, in order.
    steps = page.locator(".card-heading")
    titles = steps.all_inner_texts()
    order = [recommendation.title, proposal.title, item.title, action.title]
    found = [next(i for i, t in enumerate(titles) if want in t) for want in order]
    assert found == sorted(found), titles
    assert len(titles) == 5  # and the measure at the end
    thread_url = page.url.split("#")[0]

    # Each step's own page, and back to the thread from it.
    for title in (proposal.title, item.title, action.title):
        b.visit(thread_url)
        page.get_by_role("link", name=title, exact=True).first.click()
        b.check(heading=title)
        b.check(shows=page.get_by_role("link", name=da("See the whole thread")))
    # The council item's page names the decision; the action's shows the measure's link.
    page.get_by_role("link", name=da("See the whole thread")).click()
    b.check(shows=page.get_by_role("heading", name=da("The steps")))
    last = page.locator(".card-heading a").last
    last.click()
    b.check(shows=page.locator("table").first)
