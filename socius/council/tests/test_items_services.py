"""Council items through their services: each source, the agenda, the decision with the
parties' votes, referral, follow-up; hostile input refused with nothing lost; audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from socius.core.access import users_with_capability
from socius.core.audit import audit_verify
from socius.core.dates import date_text
from socius.core.models import AuditEntry, Notification, ThreadLink
from socius.core.roles import Capability, Role
from socius.council import services_items as items
from socius.council.models import CouncilItem, PartyVote
from socius.council.tests.items_support import (
    admin_make,
    council_make,
    meeting_make,
    party,
    proposal_at_threshold,
    secretary_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

FINAL_MESSAGE = (
    "The council has decided this item, so it can no longer be changed. "
    "You can add a follow-up note."
)


def _scheduled(secretary, **kw):
    council = council_make()
    item = items.item_create(actor=secretary, council=council, source="other",
                             title="Nye cykelstier i Gellerup", **kw)  # fmt: skip
    meeting = meeting_make(council, secretary, days=-3)
    return items.item_schedule(actor=secretary, item=item, meeting=meeting)


def _decide(secretary, item, **kw):
    values = {"decision": "adopted", "text": "Byrådet vedtog forslaget.",
              "decision_url": "https://aarhus.dk/beslutning/1"}  # fmt: skip
    return items.item_decide(actor=secretary, item=item, **(values | kw))


def test_a_decision_with_votes_is_recorded_and_audited():
    secretary = secretary_make()
    item = _scheduled(secretary)
    follow = timezone.localdate() + datetime.timedelta(days=90)
    votes = [(party("Socialdemokratiet"), "for", None), (party("Venstre").pk, "against", 7),
             (party("Radikale Venstre"), "abstain", None)]  # fmt: skip
    _decide(secretary, item, votes=votes, follow_up_by=follow)
    item.refresh_from_db()
    assert (item.state, item.decision, item.follow_up_by) == ("decided", "adopted", follow)
    assert item.decided_at is not None
    assert dict(PartyVote.objects.values_list("party__name", "vote")) == {
        "Socialdemokratiet": "for", "Venstre": "against", "Radikale Venstre": "abstain"}  # fmt: skip
    actions = list(AuditEntry.objects.filter(action__startswith="council.item")
                   .values_list("action", flat=True).order_by("id"))  # fmt: skip
    assert actions == ["council.item.created", "council.item.scheduled", "council.item.decided"]
    assert all(isinstance(x, int) for x in audit_verify())


def test_a_decided_item_cannot_be_changed_only_followed_up():
    secretary = secretary_make()
    item = _decide(secretary, _scheduled(secretary))
    for call in (
        lambda: items.item_update(actor=secretary, item=item, title="Ny titel", summary=""),
        lambda: _decide(secretary, item, decision="rejected"),
        lambda: items.item_withdraw(actor=secretary, item=item, reason="Fejl"),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert gettext(FINAL_MESSAGE) in refused.value.messages
    item.refresh_from_db()
    assert (item.title, item.decision) == ("Nye cykelstier i Gellerup", "adopted")
    items.item_follow_up(actor=secretary, item=item, note="Stierne er bestilt.", done=True)
    item.refresh_from_db()
    assert item.follow_up_note == "Stierne er bestilt."
    assert item.follow_up_done_at is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "<script>alert(1)</script>"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"decision_url": "http://aarhus.dk/beslutning"}, "decision_url"),
        ({"decision_url": "javascript:alert(1)"}, "decision_url"),
        ({"decision": "maybe"}, "decision"),
        ({"follow_up_by": datetime.date(2001, 1, 1)}, "follow_up_by"),
        ({"votes": [(10**6, "for", None)]}, "votes"),
        ({"votes": [("Venstre", "for", None)]}, "votes"),
        ({"votes": [(0, "yes", None)]}, "votes"),
        ({"votes": [(0, "for", 99)]}, "votes"),
        ({"votes": [(0, "for", None), (0, "against", None)]}, "votes"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_lost(change, field):
    secretary = secretary_make()
    item = _scheduled(secretary)
    if "votes" in change:
        sd = party("Socialdemokratiet").pk
        change = {"votes": [(sd if p == 0 else p, v, s) for p, v, s in change["votes"]]}
    with pytest.raises(ValidationError) as refused:
        _decide(secretary, item, **change)
    assert field in refused.value.error_dict
    item.refresh_from_db()
    assert (item.state, item.decision, item.decision_text) == ("scheduled", "", "")
    assert not PartyVote.objects.exists()


def test_a_vote_for_a_party_not_on_the_council_is_refused():
    secretary = secretary_make()
    item = _scheduled(secretary)
    with pytest.raises(ValidationError) as refused:
        _decide(secretary, item, votes=[(party("Dansk Folkeparti"), "for", None)])
    assert refused.value.messages == [gettext("A vote names a party that is not on the council.")]


def test_a_decision_before_the_meeting_is_held_is_refused():
    secretary = secretary_make()
    council = council_make()
    item = items.item_create(actor=secretary, council=council, source="other", title="Bænke")
    item = items.item_schedule(actor=secretary, item=item,
                               meeting=meeting_make(council, secretary, days=5))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        _decide(secretary, item)
    assert refused.value.messages == [
        gettext("The meeting on %(date)s has not been held yet: record the decision after it.")
        % {"date": date_text(item.meeting.date)}
    ]


def test_meetings_far_in_the_past_or_with_unsafe_links_are_refused():
    secretary = secretary_make()
    council = council_make()
    with pytest.raises(ValidationError):
        meeting_make(council, secretary, days=-5000)
    with pytest.raises(ValidationError):
        items.meeting_create(actor=secretary, council=council, date=timezone.localdate(),
                             agenda_url="javascript:alert(1)")  # fmt: skip
    day = timezone.localdate() + datetime.timedelta(days=1)
    items.meeting_create(actor=secretary, council=council, date=day)
    with pytest.raises(ValidationError):  # the same day twice
        items.meeting_create(actor=secretary, council=council, date=day)


def test_a_referral_keeps_the_item_open_for_the_committees_meeting():
    secretary = secretary_make()
    item = _scheduled(secretary)
    committee = item.council.committees.get()
    _decide(secretary, item, decision="referred", text="Sendt til Socialudvalget.",
            referred_to=committee)  # fmt: skip
    item.refresh_from_db()
    assert (item.state, item.decision, item.committee, item.meeting) == (
        "registered", "referred", committee, None)  # fmt: skip
    other = _scheduled(secretary_make())
    with pytest.raises(ValidationError):  # a referral names its committee
        _decide(secretary, other, decision="referred", text="Sendt videre.")
    meeting = meeting_make(item.council, secretary, days=-1, committee=committee)
    items.item_schedule(actor=secretary, item=item, meeting=meeting)
    _decide(secretary, item, decision="amended", text="Udvalget vedtog en ændret udgave.")
    item.refresh_from_db()
    assert (item.state, item.decision) == ("decided", "amended")


def test_only_the_secretariat_registers_and_decides():
    council = council_make()
    for person in (UserFactory(roles=[Role.CITIZEN]), UserFactory(roles=[Role.EDITOR])):
        with pytest.raises(PermissionDenied):
            items.item_create(actor=person, council=council, source="other", title="X")
    secretary = secretary_make()
    item = _scheduled(secretary)
    with pytest.raises(PermissionDenied):
        _decide(UserFactory(roles=[Role.CITIZEN]), item)
    assert CouncilItem.objects.get(pk=item.pk).state == "scheduled"


def test_an_item_from_a_proposal_is_linked_on_the_thread_and_made_once():
    secretary = secretary_make()
    council = council_make()
    proposal = proposal_at_threshold()
    item = items.item_create(actor=secretary, council=council, source="proposal",
                             source_key=str(proposal.public_id))  # fmt: skip
    assert item.title == proposal.title
    assert (item.source_kind, item.source_key) == ("proposal", str(proposal.public_id))
    link = ThreadLink.objects.select_related("source", "target").get()
    assert (link.source.kind, link.target.kind) == ("proposal", "council_item")
    with pytest.raises(ValidationError):
        items.item_create(actor=secretary, council=council, source="proposal",
                          source_key=str(proposal.public_id))  # fmt: skip
    with pytest.raises(ValidationError):
        items.item_create(actor=secretary, council=council, source="proposal",
                          source_key="not-a-proposal")  # fmt: skip
    assert CouncilItem.objects.count() == 1


def test_a_recommendation_needs_a_party_on_the_council():
    from socius.council.tests.endorsements_support import recommendation_make

    secretary = secretary_make()
    council = council_make()
    page = recommendation_make()
    with pytest.raises(ValidationError) as refused:
        items.item_create(actor=secretary, council=council, source="recommendation",
                          source_key=str(page.pk), brought_by=party("Dansk Folkeparti"))  # fmt: skip
    assert "brought_by" in refused.value.error_dict
    item = items.item_create(actor=secretary, council=council, source="recommendation",
                             source_key=str(page.pk), brought_by=party("Venstre"))  # fmt: skip
    assert item.title == page.title
    assert item.brought_by.name == "Venstre"
    with pytest.raises(ValidationError):
        items.item_create(actor=secretary, council=council, source="recommendation",
                          source_key="999999", brought_by=party("Venstre"))  # fmt: skip


def test_an_unknown_programme_action_is_refused():
    with pytest.raises(ValidationError) as refused:
        items.item_create(actor=secretary_make(), council=council_make(), source="milestone",
                          source_key="00000000-0000-0000-0000-000000000000")  # fmt: skip
    assert "source_key" in refused.value.error_dict


def test_the_secretariat_is_reminded_of_follow_ups_once_a_day(mailbox):
    secretary = secretary_make()
    item = _decide(secretary, _scheduled(secretary),
                   follow_up_by=timezone.localdate() + datetime.timedelta(days=10))  # fmt: skip
    admin_make()
    staff = users_with_capability(Capability.COUNCIL_SECRETARIAT).count()
    assert staff >= 3
    call_command("council_follow_ups")
    assert Notification.objects.filter(kind="council.follow_up").count() == staff
    call_command("council_follow_ups")
    assert Notification.objects.filter(kind="council.follow_up").count() == staff
    item.refresh_from_db()
    assert item.follow_up_reminded_on == timezone.localdate()
    assert items.follow_ups_remind(timezone.localdate() + datetime.timedelta(days=1)) == 1
