"""Proposal states and who may move a proposal between them, as data.

A transition names the states it leaves from, the state it reaches and who may take it:
StandIn.PROPOSER is the person who created the proposal, StandIn.SYSTEM is a scheduled task or the
signing service (threshold, expiry), any other value is a capability in core.roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability, StandIn


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


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actor: Capability | StandIn


S = ProposalState
TRANSITIONS = {
    t.name: t
    for t in [
        Transition("invite", frozenset({S.DRAFT}), S.INVITING, StandIn.PROPOSER),
        Transition("submit", frozenset({S.INVITING}), S.SUBMITTED, StandIn.PROPOSER),
        Transition("reject", frozenset({S.SUBMITTED}), S.REJECTED, Capability.PROPOSALS_REVIEW),
        Transition("publish", frozenset({S.SUBMITTED}), S.PUBLISHED, Capability.PROPOSALS_REVIEW),
        Transition("reach_threshold", frozenset({S.PUBLISHED}), S.THRESHOLD, StandIn.SYSTEM),
        Transition("council", frozenset({S.THRESHOLD}), S.COUNCIL, Capability.PROPOSALS_COUNCIL),
        Transition("decide", frozenset({S.COUNCIL}), S.CLOSED, Capability.PROPOSALS_COUNCIL),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.INVITING, S.SUBMITTED, S.PUBLISHED}),
            S.WITHDRAWN,
            StandIn.PROPOSER,
        ),
        Transition("expire", frozenset({S.PUBLISHED}), S.EXPIRED, StandIn.SYSTEM),
    ]
}


class RejectionRule(models.TextChoices):
    """The written rules staff review a proposal against (after borgerforslag.dk)."""

    NOT_CONCRETE = "not_concrete", _("It is not a concrete proposal.")
    SEVERAL = "several", _("It holds several unrelated proposals.")
    PERSONAL_DATA = "personal_data", _("It contains personal data about others.")
    OUTSIDE_POWERS = "outside_powers", _("It is outside the municipality's powers.")
    NOT_DANISH = "not_danish", _("It is not written in Danish.")
    OFFENSIVE = "offensive", _("It is offensive, discriminating or a joke.")
    ILLEGAL = "illegal", _("It asks for something against the law.")
