"""A citizen starts a proposal from the knowledge hub's policy recommendation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from socius.proposals.models import Proposal
from socius.proposals.recommendations import (
    recommendation_attachable,
    recommendation_key,
    recommendation_refused,
)
from socius.proposals.services.lifecycle import proposal_create

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import Municipality, Theme


@transaction.atomic
def proposal_create_from_recommendation(
    *,
    actor: User,
    recommendation: str,
    municipality: Municipality,
    title: str,
    text: str,
    remarks: str = "",
    theme: Theme | None = None,
) -> Proposal:
    """A draft proposal (as ``proposal_create``) with the published recommendation
    ``recommendation`` (its page id) attached, and put on the recommendation's thread: the
    proposal came from it. Raises ``ValidationError`` on ``recommendation`` when it names no
    published recommendation; nothing is saved then."""
    key = recommendation_key(recommendation)
    if key is None or recommendation_attachable(key) is None:
        raise ValidationError({"recommendation": recommendation_refused()})
    proposal = proposal_create(
        actor=actor, municipality=municipality, title=title, text=text, remarks=remarks,
        theme=theme,
    )  # fmt: skip
    proposal.recommendation_page_id = int(key)
    proposal.save(update_fields=["recommendation_page_id", "updated_at"])
    from socius.core.thread_services import thread_link

    thread_link(
        source=("recommendation", key),
        target=("proposal", str(proposal.public_id)),
        actor=actor,
    )
    return proposal
