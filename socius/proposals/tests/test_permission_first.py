"""Services check who acts before they write: a refused actor leaves no trace."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.proposals import services
from socius.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(proposer, aarhus, rules):
    proposal = services.proposal_create(
        actor=proposer,
        municipality=aarhus,
        title="Flere bænke i Riis Skov",
        text="Byrådet skal sætte 20 nye bænke op i Riis Skov i 2027.",
    )
    Proposal.objects.filter(pk=proposal.pk).update(state="submitted", submitted_at=timezone.now())
    proposal.refresh_from_db()
    return proposal


def test_the_proposer_cannot_publish_or_reject_their_own_proposal(submitted, proposer):
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.proposal_publish(actor=proposer, proposal=submitted)
    with pytest.raises(PermissionDenied):
        services.proposal_reject(
            actor=proposer, proposal=submitted, rules=["not_concrete"], reason="Uklart"
        )
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    assert (submitted.published_at, submitted.signing_ends_at, submitted.terms) == (None, None, {})
    assert (submitted.rejection_rules, submitted.rejection_reason) == ([], "")
    assert AuditEntry.objects.count() == entries


def test_a_citizen_cannot_put_a_proposal_on_the_agenda(submitted, citizen):
    with pytest.raises(PermissionDenied):
        services.proposal_council(
            actor=citizen, proposal=submitted, meeting_date=datetime.date(2027, 3, 1)
        )
    submitted.refresh_from_db()
    assert submitted.meeting_date is None


def test_the_signer_list_download_is_audited_only_for_staff(submitted, proposer, case_handler):
    with pytest.raises(PermissionDenied):
        services.signers_exported(actor=proposer, proposal=submitted)
    services.signers_exported(actor=case_handler, proposal=submitted)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id) == ("proposals.signers.export", case_handler.pk)
