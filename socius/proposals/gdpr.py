"""Proposals' part of a person's data export and erasure (see socius/core/personal_data.py).

A person's proposals and co-proposals are public acts and stay, under the anonymised name,
after a deletion; following a proposal concerns only the person and is erased. The e-mail
address a proposer typed to invite a co-proposer is the co-proposer's personal data: it is
emptied when the co-proposer deletes their account (matched by the account and by the address,
so an invitation never confirmed goes too), and the proposer's page then shows "deleted
account" instead. Signatures are
not linked to accounts at all (only to a keyed hash), so they cannot be exported by account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from socius.core.personal_data import personal_data_register
from socius.proposals.models import CoProposer, Follower, Proposal

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    return {
        "proposals": [
            {"id": str(p.public_id), "title": p.title, "state": p.state, "text": p.text}
            for p in Proposal.objects.filter(proposer=user)
        ],
        "co_proposals": [
            str(c.proposal.public_id)
            for c in CoProposer.objects.filter(user=user).select_related("proposal")
        ],
        "following": [
            str(f.proposal.public_id)
            for f in Follower.objects.filter(user=user).select_related("proposal")
        ],
    }


def _erase(user: User) -> None:
    Follower.objects.filter(user=user).delete()
    invited = Q(user=user)
    if user.email:
        invited |= Q(email__iexact=user.email)
    CoProposer.objects.filter(invited).exclude(email="").update(email="")


personal_data_register("proposals", export=_export, erase=_erase)
