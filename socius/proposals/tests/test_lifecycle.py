"""The proposal's lifecycle through services and views, audited and on the timeline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from socius.core.audit import audit_verify
from socius.core.models import AuditEntry
from socius.proposals import services
from socius.proposals.models import CoProposer, Proposal, Signature, SignatureCount
from socius.proposals.services.signing import signature_add, signer_hash
from socius.proposals.tests.conftest import adult, make_published
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_whole_lifecycle_is_audited_and_on_the_timeline(
    client, proposer, case_handler, aarhus, rules, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_published(proposer, case_handler, aarhus)
        # a later change of the municipality's settings does not change the published terms
        services.settings_update(
            actor=UserFactory(roles=["administrator"]),
            municipality=aarhus,
            values={"threshold": 999},
        )
        proposal.refresh_from_db()
        assert proposal.terms["threshold"] == 4
        for i in range(4):
            signature_add(proposal=proposal, identity=adult(f"s{i}"))
        proposal.refresh_from_db()
        assert proposal.state == "threshold"
        services.proposal_council(
            actor=case_handler, proposal=proposal, meeting_date=datetime.date(2027, 3, 1)
        )
        services.proposal_decide(
            actor=case_handler,
            proposal=proposal,
            decision="partly",
            reasons="Byrådet sætter 10 bænke op.",
            minutes_url="https://aarhus.dk/referat",
        )
    proposal.refresh_from_db()
    assert proposal.state == "closed"
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds == ["create", "invite", "coproposer", "coproposer", "coproposer", "submit", "publish",
                     "reach_threshold", "council", "decide"]  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"proposals.publish", "proposals.reach_threshold", "proposals.decide"} <= actions
    assert all(isinstance(x, int) for x in audit_verify())
    page = client.get(proposal.get_absolute_url())
    assert "Delvist vedtaget" in page.text
    assert "Byrådet har besluttet" in page.text
    assert any("Lukket" in m["Subject"] for m in mailbox.messages)


def test_coproposers_must_confirm_in_time_and_not_twice(proposer, aarhus, rules):
    proposal = services.proposal_create(
        actor=proposer, municipality=aarhus, title="T", text="Tekst."
    )
    with pytest.raises(ValidationError, match="mindst 3"):
        services.coproposers_invite(actor=proposer, proposal=proposal, emails=["a@x.dk", "a@x.dk"])
    with pytest.raises(ValidationError, match="din egen"):
        services.coproposers_invite(
            actor=proposer,
            proposal=proposal,
            emails=[proposer.email, "b@x.dk", "c@x.dk"],
        )
    invited = services.coproposers_invite(
        actor=proposer, proposal=proposal, emails=["a@x.dk", "b@x.dk", "c@x.dk"]
    )
    with pytest.raises(ValidationError, match="3 medforslagsstillere skal bekræfte"):
        services.proposal_submit(actor=proposer, proposal=proposal)
    late = invited[0]
    CoProposer.objects.filter(pk=late.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    late.refresh_from_db()
    with pytest.raises(ValidationError, match="udløbet"):
        services.coproposer_confirm(actor=UserFactory(), coproposer=late)
    with pytest.raises(PermissionDenied):
        services.coproposer_confirm(actor=proposer, coproposer=invited[1])
    helper = UserFactory()
    services.coproposer_confirm(actor=helper, coproposer=invited[1])
    with pytest.raises(ValidationError):
        services.coproposer_confirm(actor=helper, coproposer=invited[2])


def test_a_rejection_names_rules_and_reason_and_tells_the_proposer(
    proposer, case_handler, aarhus, rules, mailbox, django_capture_on_commit_callbacks
):
    proposal = services.proposal_create(
        actor=proposer, municipality=aarhus, title="T", text="Tekst."
    )
    for c in services.coproposers_invite(
        actor=proposer, proposal=proposal, emails=["a@x.dk", "b@x.dk", "c@x.dk"]
    ):
        services.coproposer_confirm(actor=UserFactory(), coproposer=c)
    services.proposal_submit(actor=proposer, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_reject(actor=case_handler, proposal=proposal, rules=[], reason="x")
    with pytest.raises(ValidationError):
        services.proposal_reject(
            actor=case_handler, proposal=proposal, rules=["several"], reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.proposal_reject(actor=proposer, proposal=proposal, rules=["several"], reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_reject(
            actor=case_handler,
            proposal=proposal,
            rules=["several", "made-up"],
            reason="Del det op i to.",
        )
    proposal.refresh_from_db()
    assert proposal.rejection_rules == ["several"]
    body = mailbox.body_of(mailbox.messages[-1])
    assert "Afvist" in mailbox.messages[-1]["Subject"]
    assert "Del det op i to." in body


def test_withdraw_only_before_the_threshold_and_only_by_the_proposer(published, proposer, citizen):
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=citizen, proposal=published)
    for i in range(4):
        signature_add(proposal=published, identity=adult(f"w{i}"))
    published.refresh_from_db()
    with pytest.raises(ValidationError):
        services.proposal_withdraw(actor=proposer, proposal=published)


def test_corrections_only_after_publication_by_staff_and_audited(
    proposer, case_handler, aarhus, rules, published
):
    draft = services.proposal_create(actor=proposer, municipality=aarhus, title="T", text="Tekst.")
    with pytest.raises(ValidationError):
        services.proposal_correct(
            actor=case_handler, proposal=draft, field="text", value="x", reason="r"
        )
    with pytest.raises(PermissionDenied):
        services.proposal_correct(
            actor=proposer, proposal=published, field="text", value="x", reason="r"
        )
    with pytest.raises(ValidationError):
        services.proposal_update(
            actor=proposer, proposal=published, title="Ny", text="Ny", remarks="", theme=None
        )
    services.proposal_correct(
        actor=case_handler,
        proposal=published,
        field="text",
        value="Rettet tekst.",
        reason="Stavefejl",
    )
    entry = AuditEntry.objects.get(action="proposals.correct")
    assert entry.data["after"] == "Rettet tekst."
    assert entry.data["reason"] == "Stavefejl"
    assert published.events.filter(kind="correct", note="Stavefejl").exists()


def test_daily_command_expires_alerts_and_publishes_once(
    published, proposer, case_handler, aarhus, mailbox, django_capture_on_commit_callbacks
):
    other = make_published(proposer, case_handler, aarhus, title="Andet forslag")
    for i in range(4):
        signature_add(proposal=other, identity=adult(f"o{i}"))
    Proposal.objects.filter(pk=other.pk).update(
        council_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("proposals_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("proposals_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    published.refresh_from_db()
    assert published.state == "expired"
    assert published.events.filter(kind="expire").count() == 1
    assert AuditEntry.objects.filter(action="proposals.overdue").count() == 1
    assert sum("Over tiden" in m["Subject"] for m in mailbox.messages if "byraad" in m["To"]) == 1
    assert other.tallies.count() == 1
    assert published.tallies.count() == 1


def test_followers_get_milestones_and_status_changes(
    client, citizen, published, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post(reverse("proposals:proposal-follow", args=[published.public_id]), {"follow": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(4):
            signature_add(proposal=published, identity=adult(f"f{i}"))
    to_follower = [m["Subject"] for m in mailbox.messages if m["To"] == citizen.email]
    assert sum("%" in s for s in to_follower) == 4
    assert any("Nok underskrifter" in s for s in to_follower)
    client.post(reverse("proposals:proposal-follow", args=[published.public_id]), {"follow": "0"})
    assert not published.followers.exists()


def _signed_without_milestones(proposal, sub):
    """The state a signature leaves when the database connection is lost right after its
    statement committed and before its milestones were checked (PostgreSQL restarting during
    a surge): the row and the counter, nothing else."""
    identity = adult(sub)
    Signature.objects.create(
        proposal=proposal,
        identity_hash=signer_hash(proposal, identity),
        channel=Signature.Channel.ONLINE,
        receipt_salt="00" * 16,
        receipt_hash="11" * 32,
        signer_name=identity.name,
    )
    shard, _created = SignatureCount.objects.get_or_create(proposal=proposal, shard=0)
    SignatureCount.objects.filter(pk=shard.pk).update(online=F("online") + 1)
    return identity


def test_a_retry_after_a_lost_answer_records_the_threshold_the_signature_reached(published):
    # given: three signatures, and a fourth that reached the threshold (4) but lost its
    # connection before its milestones
    for i in range(3):
        signature_add(proposal=published, identity=adult(f"m{i}"))
    fourth = _signed_without_milestones(published, "m3")
    published.refresh_from_db()
    assert (published.state, published.milestone) == ("published", 75)
    # when: the fourth signer presses again
    result = signature_add(proposal=published, identity=fourth)
    # then: not counted twice, and the threshold is reached once
    published.refresh_from_db()
    assert not result.created
    assert published.signature_count == 4
    assert (published.state, published.milestone) == ("threshold", 100)
    assert published.events.filter(kind="reach_threshold").count() == 1


def test_the_daily_run_records_a_milestone_no_signer_recorded(
    published, mailbox, django_capture_on_commit_callbacks
):
    # given signatures that reached 50 % (2 of 4) without their milestone checks
    _signed_without_milestones(published, "d0")
    _signed_without_milestones(published, "d1")
    published.refresh_from_db()
    assert published.milestone == 0
    # when the daily run goes, twice
    with django_capture_on_commit_callbacks(execute=True):
        call_command("proposals_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("proposals_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then the milestone is recorded and mailed once, and the proposal is still open
    published.refresh_from_db()
    assert (published.state, published.milestone) == ("published", 50)
    assert sum(" 50 %" in m["Subject"] for m in mailbox.messages) == 1


def test_the_daily_run_does_not_expire_a_proposal_whose_counter_reached_the_threshold(published):
    for i in range(3):
        signature_add(proposal=published, identity=adult(f"e{i}"))
    _signed_without_milestones(published, "e3")
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.proposals_expire() == 0
    published.refresh_from_db()
    assert published.state == "threshold"
    assert not published.events.filter(kind="expire").exists()
