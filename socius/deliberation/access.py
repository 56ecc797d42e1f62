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
from socius.deliberation.audiences import audience_may_take_part
from socius.deliberation.models import Conversation, SolutionProposal, Statement

if TYPE_CHECKING:
    from socius.accounts.models import User


def conversation_for_view(*, slug: str, user: Any = None) -> Conversation:
    """A conversation ``user`` may read: a public one for anybody; a closed one
    (``audiences``) only for those its audience lets take part, 404 for everyone else."""
    conversation = Conversation.objects.select_related("theme").filter(slug=slug).first()
    if conversation is None:
        raise Http404
    if conversation.audience and not audience_may_take_part(user, conversation.audience):
        raise Http404
    return conversation


def conversation_for_moderation(*, user: User, slug: str) -> Conversation:
    """A conversation ``user`` may moderate: 403 without the capability, 404 if missing.
    A closed conversation is moderated by its audience's moderator on the audience's own
    pages, never here: 404."""
    require(user, Capability.DELIBERATION_MODERATE)
    conversation = conversation_for_view(slug=slug)
    if conversation.audience:
        raise Http404
    return conversation


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
        .filter(public_id=public_id, conversation__audience="")
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal
