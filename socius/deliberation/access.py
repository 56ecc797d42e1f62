"""The one door to conversations and solution proposals.

"Missing" and "forbidden" look the same (Http404). Conversations are public to read; writing
needs an account (participants) or the ``deliberation.*`` capabilities (moderators, editors).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import user_can
from socius.deliberation.models import Conversation, SolutionProposal, Statement


def conversation_for_view(*, slug: str) -> Conversation:
    """A conversation anybody may read."""
    conversation = Conversation.objects.select_related("theme").filter(slug=slug).first()
    if conversation is None:
        raise Http404
    return conversation


def conversation_for_moderation(*, user: Any, slug: str) -> Conversation:
    """A conversation ``user`` may moderate; others get the same 404 as for a missing one."""
    if not user_can(user, "deliberation.moderate"):
        raise Http404
    return conversation_for_view(slug=slug)


def statement_for_moderation(
    *, user: Any, conversation: Conversation, statement_id: int
) -> Statement:
    if not user_can(user, "deliberation.moderate"):
        raise Http404
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
