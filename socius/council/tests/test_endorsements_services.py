"""Endorse, withdraw and invite through the services: who may, what is refused, what is kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from socius.core.models import AuditEntry, PoliticianProfile, Thread, ThreadEvent, ThreadStep
from socius.council import selectors_endorsements as selectors
from socius.council import services_endorsements as services
from socius.council.models import Endorsement, EndorsementInvitation
from socius.tests_support.factories import UserFactory

from .endorsements_support import (
    blocs_seed,
    party,
    politician_make,
    proposal_make,
    recommendation_make,
)

pytestmark = pytest.mark.django_db

REASON = "Det virker, og det er billigt."


@pytest.fixture
def page():
    blocs_seed()
    return recommendation_make()


def _endorse(user, page, reason=REASON):
    return services.endorsement_create(
        actor=user, kind="recommendation", key=str(page.pk), reason=reason
    )


def test_a_verified_politician_endorses_for_their_party_and_it_is_audited(page):
    lise = politician_make("Socialdemokratiet")
    endorsement = _endorse(lise, page)
    assert endorsement.party == party("Socialdemokratiet")
    assert endorsement.reason == REASON
    assert AuditEntry.objects.filter(action="council.endorsement.create", actor=lise).exists()
    support = selectors.support_for(selectors.target_get("recommendation", page.pk))
    assert support.measure.parties == 1
    assert [e.pk for e in support.parties[0].endorsements] == [endorsement.pk]


def test_the_thread_hears_of_it(page):
    thread = Thread.objects.create(title="Bænke")
    step = ThreadStep.objects.create(thread=thread, kind="recommendation", key=str(page.pk))
    lise = politician_make("Venstre")
    _endorse(lise, page)
    event = ThreadEvent.objects.get(thread=thread)
    assert (event.step, event.created_by) == (step, lise)
    assert "Venstre" in event.text
    assert REASON in event.text


def test_an_endorsement_off_any_thread_records_no_event(page):
    _endorse(politician_make("Venstre"), page)
    assert Endorsement.objects.count() == 1
    assert not ThreadEvent.objects.exists()


@pytest.mark.parametrize("verified", [False, None])
def test_a_non_politician_or_an_unverified_one_is_refused(page, verified):
    user = UserFactory() if verified is None else politician_make(verified=False)
    with pytest.raises(ValidationError) as refused:
        _endorse(user, page)
    expected = (
        "Only politicians can endorse. State your party on your profile first."
        if verified is None
        else "Your party has not been verified yet. You can endorse once staff have checked it."
    )
    assert refused.value.messages == [gettext(expected)]
    assert not Endorsement.objects.exists()


def test_an_anonymous_actor_is_refused(page):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _endorse(AnonymousUser(), page)


def test_a_missing_draft_or_closed_target_is_refused():
    lise = politician_make()
    draft = recommendation_make("Kladde", live=False)
    closed = proposal_make(state="closed")
    draft_proposal = proposal_make(state="draft")
    for kind, key in [
        ("recommendation", str(draft.pk)),
        ("recommendation", "999999"),
        ("recommendation", "9" * 40),
        ("recommendation", "abc"),
        ("proposal", str(draft_proposal.public_id)),
        ("proposal", "not-a-uuid"),
        ("proposal", str(closed.public_id)),
        ("council_item", "1"),
    ]:
        with pytest.raises(ValidationError):
            services.endorsement_create(actor=lise, kind=kind, key=key, reason=REASON)
    assert not Endorsement.objects.exists()


def test_an_open_proposal_can_be_endorsed():
    proposal = proposal_make(state="threshold")
    endorsement = services.endorsement_create(
        actor=politician_make(), kind="proposal", key=str(proposal.public_id).upper(), reason=REASON
    )
    assert endorsement.target_key == str(proposal.public_id)


@pytest.mark.parametrize(
    "reason",
    [
        "",
        "   ",
        "x" * 501,
        "<script>alert(1)</script>",
        "Se <b>her</b>",
        "&lt;b&gt;",
        "Null\x00tegn",
        "Skjult\u202etekst",
    ],
)
def test_hostile_or_empty_reasons_are_refused(page, reason):
    with pytest.raises(ValidationError) as refused:
        _endorse(politician_make(), page, reason=reason)
    assert "reason" in refused.value.message_dict
    assert not Endorsement.objects.exists()


def test_a_second_endorsement_while_one_stands_is_refused_then_allowed_after_withdrawal(page):
    lise = politician_make()
    first = _endorse(lise, page)
    with pytest.raises(ValidationError):
        _endorse(lise, page, reason="Igen")
    services.endorsement_withdraw(actor=lise, endorsement=first)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.endorsement_withdraw(actor=lise, endorsement=first)
    again = _endorse(lise, page, reason="Jeg støtter det igen.")
    assert Endorsement.objects.count() == 2
    assert [e.pk for e in selectors.endorsements_standing("recommendation", [str(page.pk)])] == [
        again.pk
    ]
    assert AuditEntry.objects.filter(action="council.endorsement.withdraw").count() == 1


def test_nobody_withdraws_another_politicians_endorsement(page):
    endorsement = _endorse(politician_make(), page)
    with pytest.raises(PermissionDenied):
        services.endorsement_withdraw(actor=politician_make("Venstre"), endorsement=endorsement)
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is None


def test_a_politician_who_changes_party_no_longer_counts_for_the_old_one(page):
    from socius.core import services as core

    lise = politician_make("Socialdemokratiet")
    _endorse(lise, page)
    _endorse(politician_make("Venstre"), page)
    core.politician_declare(actor=lise, party=party("Moderaterne"))
    target = selectors.target_get("recommendation", page.pk)
    support = selectors.support_for(target)
    assert [p.party.name for p in support.parties] == ["Venstre"]
    assert len(support.not_counted) == 1
    assert support.not_counted[0].party.name == "Socialdemokratiet"
    # Unverified now: a new endorsement is refused until staff check the new party.
    assert not PoliticianProfile.objects.get(user=lise).is_verified


def test_many_politicians_of_one_party_count_as_one_party(page):
    for _n in range(4):
        _endorse(politician_make("Socialdemokratiet"), page)
    _endorse(politician_make("Venstre"), page)
    measure = selectors.support_for(selectors.target_get("recommendation", page.pk)).measure
    assert (measure.parties, measure.blocs_reached, measure.blocs_total) == (2, 2, 3)
    assert measure.spread == pytest.approx(0.630930, abs=1e-6)


def test_a_proposal_is_measured_against_its_councils_blocs_and_seats():
    from .endorsements_support import council_make

    blocs_seed()
    council_make(
        groups={
            "Socialdemokratiet": (12, "red"),
            "Venstre": (8, "blue"),
            "SF – Socialistisk Folkeparti": (5, "red"),
        }
    )
    proposal = proposal_make()
    key = str(proposal.public_id)
    for name in ["Socialdemokratiet", "Venstre", "Radikale Venstre"]:
        services.endorsement_create(
            actor=politician_make(name), kind="proposal", key=key, reason=REASON
        )
    measure = selectors.support_for(selectors.target_get("proposal", key)).measure
    # The council has two blocs; Radikale Venstre is not on it, so it is outside them.
    assert (measure.parties, measure.blocs_reached, measure.blocs_total) == (3, 2, 2)
    assert measure.outside_blocs == 1
    assert measure.spread == pytest.approx(1.0)
    assert measure.seat_share == pytest.approx(20 / 31)


def test_invite_every_party_mails_verified_politicians_who_have_not_endorsed(
    page, editor, mailbox, django_capture_on_commit_callbacks
):
    s1, s2 = politician_make("Socialdemokratiet"), politician_make("Socialdemokratiet")
    v1 = politician_make("Venstre")
    politician_make("Moderaterne", verified=False)
    _endorse(s1, page)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.endorsement_invite_all(
            actor=editor, kind="recommendation", key=str(page.pk)
        )
    assert sorted(p.name for p in result.invited) == ["Socialdemokratiet", "Venstre"]
    assert result.recipients == 2
    assert sorted(m["To"] for m in mailbox.messages) == sorted([s2.email, v1.email])
    body = mailbox.body_of(mailbox.messages[0])
    assert f"/byraad/opbakning/recommendation/{page.pk}/" in body
    assert "List-Unsubscribe" in mailbox.messages[0]
    assert EndorsementInvitation.objects.count() == 2
    assert AuditEntry.objects.filter(action="council.endorsement.invite", actor=editor).exists()

    # Within 7 days: refused with a clear message, and no mail.
    mailbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        services.endorsement_invite_all(actor=editor, kind="recommendation", key=str(page.pk))
    assert "7" in refused.value.messages[0]
    assert mailbox.messages == []
    # A new party's politician is invited while the others wait.
    politician_make("Venstre")
    politician_make("Radikale Venstre")
    later = timezone.now() + datetime.timedelta(days=3)
    result = services.endorsement_invite_all(
        actor=editor, kind="recommendation", key=str(page.pk), now=later
    )
    assert [p.name for p in result.invited] == ["Radikale Venstre"]
    assert sorted(p.name for p, _when in result.too_soon) == ["Socialdemokratiet", "Venstre"]
    # After 7 days, everyone again.
    result = services.endorsement_invite_all(
        actor=editor,
        kind="recommendation",
        key=str(page.pk),
        now=later + datetime.timedelta(days=8),
    )
    assert len(result.invited) == 3


def test_a_politician_who_turned_invitations_off_gets_none(
    page, editor, mailbox, django_capture_on_commit_callbacks
):
    from socius.core.models import MailOptOut

    off = politician_make("Venstre")
    MailOptOut.objects.create(user=off, kind="council.endorsement_invite")
    with django_capture_on_commit_callbacks(execute=True):
        services.endorsement_invite_all(actor=editor, kind="recommendation", key=str(page.pk))
    assert mailbox.messages == []


def test_only_editors_invite(page, citizen):
    politician_make()
    for user in [citizen, politician_make("Venstre")]:
        with pytest.raises(PermissionDenied):
            services.endorsement_invite_all(actor=user, kind="recommendation", key=str(page.pk))
    assert not EndorsementInvitation.objects.exists()


def test_nothing_to_invite_is_refused(page, editor):
    with pytest.raises(ValidationError):
        services.endorsement_invite_all(actor=editor, kind="recommendation", key=str(page.pk))
