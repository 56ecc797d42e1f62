"""The secretariat's pages and the public item pages: access (403 for people without the
role, forged POSTs too), the steps through the forms, hostile input, fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import PoliticianProfile
from socius.core.roles import Role
from socius.council import services_items as items
from socius.council.models import CouncilItem
from socius.council.tests.items_support import (
    council_make,
    meeting_make,
    party,
    proposal_at_threshold,
    secretary_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _politician():
    person = UserFactory(roles=[Role.CITIZEN])
    PoliticianProfile.objects.create(user=person, party=party("Venstre"),
                                     verified_at=timezone.now())  # fmt: skip
    return person


def _item(secretary, council=None, **kw):
    council = council or council_make()
    return items.item_create(actor=secretary, council=council, source="other",
                             title=kw.pop("title", "Bænke i Riis Skov"), **kw)  # fmt: skip


@pytest.mark.parametrize("who", ["citizen", "politician"])
def test_citizens_and_politicians_cannot_reach_or_post_to_the_secretariat(client, who):
    secretary = secretary_make()
    item = _item(secretary)
    meeting = meeting_make(item.council, secretary, days=-2)
    client.force_login(UserFactory(roles=[Role.CITIZEN]) if who == "citizen" else _politician())
    for url in (reverse("council:secretariat"), reverse("council:item-manage", args=[item.public_id]),
                reverse("council:item-create", args=["aarhus"]),
                reverse("council:meeting-create", args=["aarhus"])):  # fmt: skip
        assert client.get(url).status_code == 403
    forged = {"meeting": meeting.pk, "decision": "adopted", "text": "Vedtaget"}
    for action in ("schedule", "decide", "edit", "withdraw", "follow-up"):
        url = reverse("council:item-action", args=[item.public_id, action])
        assert client.post(url, forged).status_code == 403
    assert client.post(reverse("council:item-create", args=["aarhus"]) + "?kilde=other",
                       {"title": "Falsk punkt"}).status_code == 403  # fmt: skip
    item.refresh_from_db()
    assert item.state == "registered"
    assert CouncilItem.objects.count() == 1


def test_unknown_items_and_actions_are_404_for_the_secretariat(client):
    secretary = secretary_make()
    item = _item(secretary)
    client.force_login(secretary)
    assert client.get(reverse("council:item-manage", args=[
        "00000000-0000-0000-0000-000000000000"])).status_code == 404  # fmt: skip
    assert (
        client.post(reverse("council:item-action", args=[item.public_id, "delete"])).status_code
        == 404
    )
    assert client.get(reverse("council:item-detail", args=[
        "00000000-0000-0000-0000-000000000000"])).status_code == 404  # fmt: skip


def test_the_secretariat_registers_schedules_and_decides_through_the_pages(client):
    secretary = secretary_make()
    council = council_make()
    meeting = meeting_make(council, secretary, days=-2)
    client.force_login(secretary)
    assert client.get(reverse("council:secretariat")).status_code == 200
    create = reverse("council:item-create", args=["aarhus"])
    assert client.get(create).status_code == 200
    assert client.post(create + "?kilde=other", {"title": "<img src=x onerror=alert(1)>"}
                       ).status_code == 400  # fmt: skip
    response = client.post(create + "?kilde=other", {"title": "Bænke i Riis Skov",
                                                      "summary": "Tyve nye bænke."})  # fmt: skip
    item = CouncilItem.objects.get()
    assert response.url == reverse("council:item-manage", args=[item.public_id])
    act = lambda action, data: client.post(  # noqa: E731
        reverse("council:item-action", args=[item.public_id, action]), data
    )
    assert act("schedule", {"meeting": meeting.pk}).status_code == 302
    sd, v = party("Socialdemokratiet").pk, party("Venstre").pk
    bad = act("decide", {"decision": "adopted", "text": "Vedtaget.", "decision_url": "http://x.dk",
                         f"vote_{sd}": "for"})  # fmt: skip
    assert bad.status_code == 400
    assert "https://" in bad.content.decode()
    item.refresh_from_db()
    assert item.state == "scheduled"
    ok = act("decide", {"decision": "adopted", "text": "Vedtaget med 18 stemmer.",
                        "decision_url": "https://aarhus.dk/b/1", f"vote_{sd}": "for",
                        f"vote_{v}": "against", f"seats_{v}": "8",
                        "follow_up_by": (timezone.localdate() + datetime.timedelta(days=60)).isoformat()})  # fmt: skip
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.state == "decided"
    assert item.votes.count() == 2
    # a decided item refuses edits with a clear message, and keeps its text
    refused = act("edit", {"title": "Ændret", "summary": ""})
    assert refused.status_code == 400
    assert (
        escape(
            gettext(
                "The council has decided this item, so it can no longer be changed. "
                "You can add a follow-up note."
            )
        )
        in refused.content.decode()
    )
    assert CouncilItem.objects.get().title == "Bænke i Riis Skov"
    assert act("follow-up", {"note": "Bænkene er bestilt."}).status_code == 302
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Vedtaget med 18 stemmer." in page
    assert 'class="chart-image"' in page
    assert "https://aarhus.dk/b/1" in page


def test_the_public_item_page_costs_the_same_with_more_votes(client):
    secretary = secretary_make()
    council = council_make()
    first = _item(secretary, council)
    second = _item(secretary, council, title="Flere cykelstier")
    meeting = meeting_make(council, secretary, days=-1)
    for item, names in ((first, ["Venstre"]), (second, ["Venstre", "Socialdemokratiet",
                                                        "Radikale Venstre"])):  # fmt: skip
        items.item_schedule(actor=secretary, item=item, meeting=meeting)
        items.item_decide(actor=secretary, item=item, decision="rejected", text="Forkastet.",
                          votes=[(party(n), "against", None) for n in names])  # fmt: skip
    client.force_login(UserFactory())
    counts = []
    for item in (first, second):
        client.get(item.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(item.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_municipality_space_shows_the_latest_decisions(client):
    secretary = secretary_make()
    item = _item(secretary)
    items.item_schedule(actor=secretary, item=item, meeting=meeting_make(item.council, secretary))
    items.item_decide(actor=secretary, item=item, decision="adopted", text="Vedtaget.")
    page = client.get(reverse("core:municipality-space", args=["aarhus"])).content.decode()
    assert "Bænke i Riis Skov" in page
    assert reverse("council:council-detail", args=["aarhus"]) in page


def test_the_proposals_staff_page_sends_the_secretariat_to_the_council_item(client):
    secretary = secretary_make()
    council_make()
    proposal = proposal_at_threshold()
    client.force_login(secretary)
    staff_page = client.get(reverse("proposals:staff-proposal", args=[proposal.public_id]))
    link = reverse("council:item-from-source", args=["proposal", proposal.public_id])
    assert link in staff_page.content.decode()
    assert "meeting_date" not in staff_page.content.decode()  # no agenda form of its own
    to_form = client.get(link)
    assert to_form.url.endswith(f"?kilde=proposal&noegle={proposal.public_id}")
    form = client.get(to_form.url)
    assert proposal.title in form.content.decode()
    client.post(to_form.url, {"source_key": str(proposal.public_id)})
    item = CouncilItem.objects.get()
    assert client.get(link).url == reverse("council:item-manage", args=[item.public_id])
    # the old actions are gone
    old = reverse("proposals:staff-action", args=[proposal.public_id, "decide"])
    assert client.post(old, {"decision": "adopted", "reasons": "x"}).status_code == 404
