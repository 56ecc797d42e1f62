"""A council decision in real browsers, with axe on every page, at a desktop's and a phone's
width: the council secretariat registers a council item from a citizen proposal that reached
its threshold, puts it on a past meeting's agenda and records the decision with the parties'
votes; a follower of the proposal then finds the news among their notifications (the
proposals module's "new status" notice, which the decision sends through the proposal)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from socius.core.models import Notification
from socius.core.roles import Role
from socius.council.models import CouncilItem
from socius.council.tests.items_support import (
    council_make,
    meeting_make,
    party,
    proposal_at_threshold,
    secretary_make,
)
from socius.proposals import services as proposal_services
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def da(msgid: str) -> str:
    """The text as the Danish pages show it."""
    with translation.override("da"):
        return gettext(msgid)


def test_the_secretariat_records_a_decision_and_a_follower_is_notified(
    live_server, open_browser, settings
):
    base = live_server.url
    settings.SITE_URL = base
    secretary = secretary_make()
    council = council_make()
    meeting_make(council, secretary, days=-3)
    follower = UserFactory(roles=[Role.CITIZEN], name="Freja Følger")
    proposal = proposal_at_threshold(title="Flere bænke i Riis Skov")
    proposal_services.proposal_follow(actor=follower, proposal=proposal, follow=True)

    # The secretariat registers the proposal as a council item.
    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, base, secretary, mfa=True)
    b.visit(base + "/byraad/sekretariat/", heading=da("The council secretariat"))
    page.locator(f'a[href*="noegle={proposal.public_id}"]').click()
    b.check(da("Register an item"), shows=page.locator("#id_source_key"))
    assert page.locator("#id_source_key").input_value() == str(proposal.public_id)
    page.get_by_role("button", name=da("Register the item")).click()
    b.check("Flere bænke i Riis Skov", shows=page.locator("#id_meeting"))

    # ... puts it on the meeting's agenda ...
    page.locator("#id_meeting").select_option(index=1)
    page.get_by_role("button", name=da("Put it on the agenda")).click()
    b.check("Flere bænke i Riis Skov", shows=page.locator("#id_decision"))
    proposal.refresh_from_db()
    assert proposal.state == "council"

    # ... and records the decision with each party's vote.
    sd, v, b_party = (party(n).pk for n in ("Socialdemokratiet", "Venstre", "Radikale Venstre"))
    page.locator("#id_decision").select_option("adopted")
    page.locator("#id_text").fill("Byrådet vedtog at sætte 20 bænke op i Riis Skov i 2027.")
    page.locator("#id_decision_url").fill("https://aarhus.dk/referat/2027-1")
    page.locator(f"#id_vote_{sd}").select_option("for")
    page.locator(f"#id_vote_{v}").select_option("against")
    page.locator(f"#id_seats_{v}").fill("8")
    page.locator(f"#id_vote_{b_party}").select_option("abstain")
    page.get_by_role("button", name=da("Record the decision")).click()
    b.check("Flere bænke i Riis Skov", shows=page.get_by_text(da("The decision is recorded.")))
    item = CouncilItem.objects.get()
    assert (item.state, item.votes.count()) == ("decided", 3)

    # The public page shows the decision, the votes' chart and table.
    b.visit(base + item.get_absolute_url(), heading="Flere bænke i Riis Skov")
    b.check(shows=page.locator("img.chart-image"))
    assert page.get_by_role("rowheader", name="Venstre", exact=True).count() >= 1

    # The follower sees the news in their notifications.
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decision) == ("closed", "adopted")
    assert Notification.objects.filter(recipient=follower, kind="proposals.status").exists()
    # ... and, as a participant of the proposal's thread, that the thread moved.
    assert Notification.objects.filter(recipient=follower, kind="threads.moved").exists()
    f: BrowserPage = open_browser()
    log_in(f, base, follower)
    f.visit(base + "/mit/notifikationer/", heading=da("Notifications"))
    news = f.page.locator(".notification a", has_text="Flere bænke i Riis Skov")
    f.check(shows=news.first)
    assert any(da("Closed") in t for t in news.all_inner_texts())
