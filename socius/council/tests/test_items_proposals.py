"""A citizen proposal through the council: it reaches its threshold, becomes a council item,
goes on the agenda (the proposal moves to "with the city council") and is decided (the
proposal closes with the decision); the proposer and followers are told as before."""

import pytest

from socius.core.models import Notification
from socius.core.roles import Role
from socius.council import services_items as items
from socius.council.tests.items_support import (
    council_make,
    meeting_make,
    party,
    proposal_at_threshold,
    secretary_make,
)
from socius.proposals import services as proposal_services
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("decision", "closed_as"), [("adopted", "adopted"), ("amended", "partly"),
                                                     ("rejected", "rejected")])  # fmt: skip
def test_a_proposal_closes_with_the_councils_decision(
    decision, closed_as, mailbox, django_capture_on_commit_callbacks
):
    proposer = UserFactory(roles=[Role.CITIZEN], email="forslagsstiller@example.dk")
    follower = UserFactory(roles=[Role.CITIZEN], email="foelger@example.dk")
    secretary = secretary_make()
    council = council_make()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_at_threshold(proposer)
        proposal_services.proposal_follow(actor=follower, proposal=proposal, follow=True)
        item = items.item_create(actor=secretary, council=council, source="proposal",
                                 source_key=str(proposal.public_id))  # fmt: skip
        before = Notification.objects.filter(recipient=follower).count()
        items.item_schedule(actor=secretary, item=item, meeting=meeting_make(council, secretary))
        proposal.refresh_from_db()
        assert proposal.state == "council"
        assert Notification.objects.filter(recipient=follower).count() == before + 1
        items.item_decide(actor=secretary, item=item, decision=decision,
                          text="Byrådet har behandlet forslaget.",
                          decision_url="https://aarhus.dk/referat/7",
                          votes=[(party("Venstre"), "for", None)])  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decision) == ("closed", closed_as)
    assert proposal.decision_reasons == "Byrådet har behandlet forslaget."
    assert proposal.minutes_url == "https://aarhus.dk/referat/7"
    for person in (proposer, follower):
        assert Notification.objects.filter(recipient=person, kind="proposals.status",
                                           link=proposal.get_absolute_url()).count() >= 2  # fmt: skip
    assert any("foelger@example.dk" in m["To"] for m in mailbox.messages)
    assert list(proposal.events.values_list("kind", flat=True))[-2:] == ["council", "decide"]


def test_a_referral_leaves_the_proposal_with_the_council():
    secretary = secretary_make()
    council = council_make()
    proposal = proposal_at_threshold()
    item = items.item_create(actor=secretary, council=council, source="proposal",
                             source_key=str(proposal.public_id))  # fmt: skip
    items.item_schedule(actor=secretary, item=item, meeting=meeting_make(council, secretary))
    items.item_decide(actor=secretary, item=item, decision="referred", text="Til udvalget.",
                      referred_to=council.committees.get())  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.state == "council"


def test_a_withdrawn_item_lets_the_proposal_get_a_new_one():
    secretary = secretary_make()
    council = council_make()
    proposal = proposal_at_threshold()
    first = items.item_create(actor=secretary, council=council, source="proposal",
                              source_key=str(proposal.public_id))  # fmt: skip
    items.item_withdraw(actor=secretary, item=first, reason="Oprettet ved en fejl.")
    second = items.item_create(actor=secretary, council=council, source="proposal",
                               source_key=str(proposal.public_id))  # fmt: skip
    assert second.pk != first.pk
