"""The one door to conversations and solution proposals.

Conversations and solution proposals are public to read, so their staff pages are pages a person
knows of: without the ``deliberation.*`` capability they answer 403 (``require``); a missing
object answers 404. Writing needs an account (participants) or the capabilities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.core.access import require
from socius.core.roles import Capability
from socius.deliberation.models import Conversation, SolutionProposal, Statement

if TYPE_CHECKING:
    from socius.accounts.models import User


def conversation_for_view(*, slug: str) -> Conversation:
    """A conversation anybody may read."""
    conversation = Conversation.objects.select_related("theme").filter(slug=slug).first()
    if conversation is None:
        raise Http404
    return conversation


def conversation_for_moderation(*, user: User, slug: str) -> Conversation:
    """A conversation ``user`` may moderate: 403 without the capability, 404 if missing."""
    require(user, Capability.DELIBERATION_MODERATE)
    return conversation_for_view(slug=slug)


def statement_for_moderation(
    *, user: User, conversation: Conversation, statement_id: int
) -> Statement:
    require(user, Capability.DELIBERATION_MODERATE)
    statement = Statement.objects.filter(conversation=conversation, pk=statement_id).first()
    if statement is None:
        raise Http404
    return statement


def solution_for_view(*, public_id: Any) -> SolutionProposal:
    proposal = (
        SolutionProposal.objects.select_related("conversation", "conversation__theme")
        .filter(public_id=public_id)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal
