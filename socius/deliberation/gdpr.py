"""Deliberation's part of a person's data export and erasure (socius/core/personal_data.py).

A person's votes, statements, comments, proposal votes and the answer to the role question
after their first vote are theirs: exported in full and erased with the account (participants
cascade; statements stay without an author, because others voted on them). Every affected conversation is recomputed from the database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.personal_data import personal_data_register
from socius.deliberation.models import (
    Participant,
    RoleQuestion,
    SolutionComment,
    SolutionVote,
    Statement,
    Vote,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    return {
        "statements": [
            {"conversation": s.conversation.title, "text": s.text, "status": s.status}
            for s in Statement.objects.filter(author__user=user).select_related("conversation")
        ],
        "votes": [
            {
                "conversation": v.statement.conversation.title,
                "statement": v.statement.text,
                "vote": v.value,
                "time": v.updated_at.isoformat(),
            }
            for v in Vote.objects.filter(participant__user=user).select_related(
                "statement__conversation"
            )
        ],  # fmt: skip
        "solution_comments": [
            {"proposal": c.proposal.title, "text": c.body, "time": c.created_at.isoformat()}
            for c in SolutionComment.objects.filter(author=user).select_related("proposal")
        ],
        "solution_votes": [
            {"proposal": v.proposal.title, "vote": v.value}
            for v in SolutionVote.objects.filter(user=user).select_related("proposal")
        ],
        # Whether we asked how the person takes part, and what they did (not the roles:
        # those are core's and exported there).
        "role_question": [
            {"outcome": q.outcome, "asked": q.created_at.isoformat()}
            for q in RoleQuestion.objects.filter(user=user)
        ],
    }


def _erase(user: User) -> None:
    from socius.deliberation.engine_bridge import forget_state
    from socius.deliberation.services import recompute_request

    conversation_ids = list(
        Participant.objects.filter(user=user).values_list("conversation_id", flat=True)
    )
    Participant.objects.filter(user=user).delete()
    SolutionComment.objects.filter(author=user).delete()
    SolutionVote.objects.filter(user=user).delete()
    RoleQuestion.objects.filter(user=user).delete()
    for conversation_id in conversation_ids:
        forget_state(conversation_id)
        # Bump the revision so that the next run covers the smaller set of votes.
        from django.db.models import F

        from socius.deliberation.models import Conversation

        Conversation.objects.filter(pk=conversation_id).update(vote_revision=F("vote_revision") + 1)
        recompute_request(conversation_id)


personal_data_register("deliberation", export=_export, erase=_erase)
