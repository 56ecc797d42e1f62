"""Proposals' part of a person's data export and erasure (see socius/core/personal_data.py).

A person's proposals and co-proposals are public acts and stay, under the anonymised name,
after a deletion; following a proposal concerns only the person and is erased. Signatures are
not linked to accounts at all (only to a keyed hash), so they cannot be exported by account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


personal_data_register("proposals", export=_export, erase=_erase)
