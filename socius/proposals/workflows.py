"""Proposal states and who may move a proposal between them, as data.

A transition names the states it leaves from, the state it reaches, who may take it and the
audit action it writes (the engine is socius.core.workflows): ``PROPOSER`` is the person who
created the proposal, ``SYSTEM`` a scheduled task or the signing service (threshold, expiry),
the others are capabilities in core.roles.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability
from socius.core.workflows import SYSTEM, StandIn, Transition, Workflow
from socius.proposals import audit


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INVITING = "inviting", _("Waiting for co-proposers")
    SUBMITTED = "submitted", _("Submitted for review")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Open for signing")
    THRESHOLD = "threshold", _("Enough signatures")
    COUNCIL = "council", _("With the city council")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# States in which people may sign (signing stays open after the threshold until the council
# takes the proposal up, as on borgerforslag.dk).
SIGNING_STATES = frozenset({ProposalState.PUBLISHED, ProposalState.THRESHOLD})
PUBLIC_STATES = frozenset(
    {
        ProposalState.PUBLISHED,
        ProposalState.THRESHOLD,
        ProposalState.COUNCIL,
        ProposalState.CLOSED,
        ProposalState.WITHDRAWN,
        ProposalState.EXPIRED,
    }
)


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    REJECTED = "rejected", _("Rejected")
    REFERRED = "referred", _("Referred to a committee")


S = ProposalState
# The person who created the proposal.
PROPOSER = StandIn("proposer", _("the proposer"))
_PROPOSER = frozenset({PROPOSER})
_SYSTEM = frozenset({SYSTEM})
_REVIEW = frozenset({Capability.PROPOSALS_REVIEW})
_COUNCIL = frozenset({Capability.PROPOSALS_COUNCIL})


def _is_proposer(actor: Any, proposal: Any) -> bool:
    return bool(actor.pk == proposal.proposer_id)


PROPOSAL_WORKFLOW = Workflow(
    name="proposals.proposal",
    noun=_("the proposal"),
    states=ProposalState,
    stand_ins={PROPOSER: _is_proposer},
    transitions=(
        Transition(
            "invite",
            frozenset({S.DRAFT}),
            S.INVITING,
            audit.AUDIT_PROPOSAL_INVITED,
            stand_ins=_PROPOSER,
        ),
        Transition(
            "submit",
            frozenset({S.INVITING}),
            S.SUBMITTED,
            audit.AUDIT_PROPOSAL_SUBMITTED,
            stand_ins=_PROPOSER,
        ),
        # A youth proposal needs no co-proposers: its responsible adult sends the draft.
        Transition(
            "submit_youth",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            audit.AUDIT_PROPOSAL_SUBMITTED,
            stand_ins=_PROPOSER,
        ),
        Transition(
            "reject", frozenset({S.SUBMITTED}), S.REJECTED, audit.AUDIT_PROPOSAL_REJECTED, _REVIEW
        ),
        Transition(
            "publish",
            frozenset({S.SUBMITTED}),
            S.PUBLISHED,
            audit.AUDIT_PROPOSAL_PUBLISHED,
            _REVIEW,
        ),
        # The signature that reaches the threshold takes this step, in the signing service.
        Transition(
            "reach_threshold",
            frozenset({S.PUBLISHED}),
            S.THRESHOLD,
            audit.AUDIT_PROPOSAL_THRESHOLD,
            stand_ins=_SYSTEM,
        ),
        Transition(
            "council", frozenset({S.THRESHOLD}), S.COUNCIL, audit.AUDIT_PROPOSAL_COUNCIL, _COUNCIL
        ),
        Transition(
            "decide", frozenset({S.COUNCIL}), S.CLOSED, audit.AUDIT_PROPOSAL_DECIDED, _COUNCIL
        ),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.INVITING, S.SUBMITTED, S.PUBLISHED}),
            S.WITHDRAWN,
            audit.AUDIT_PROPOSAL_WITHDRAWN,
            stand_ins=_PROPOSER,
        ),
        Transition(
            "expire",
            frozenset({S.PUBLISHED}),
            S.EXPIRED,
            audit.AUDIT_PROPOSAL_EXPIRED,
            stand_ins=_SYSTEM,
        ),
    ),
)


class RejectionRule(models.TextChoices):
    """The written rules staff review a proposal against (after borgerforslag.dk)."""

    NOT_CONCRETE = "not_concrete", _("It is not a concrete proposal.")
    SEVERAL = "several", _("It holds several unrelated proposals.")
    PERSONAL_DATA = "personal_data", _("It contains personal data about others.")
    OUTSIDE_POWERS = "outside_powers", _("It is outside the municipality's powers.")
    NOT_DANISH = "not_danish", _("It is not written in Danish.")
    OFFENSIVE = "offensive", _("It is offensive, discriminating or a joke.")
    ILLEGAL = "illegal", _("It asks for something against the law.")
