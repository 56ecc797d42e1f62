"""Open data from the deliberation forum: conversations, accepted statements with their vote
totals, and the latest published engine results.

The same privacy rules as the results page, and stricter where a machine reader gains nothing:
only accepted statements, only totals, never a person, a participant number, a party or a
role. The results come from ``selectors.results_for`` (the page's own shaping), not from a new
computation. Every conversation is public to read (``access.conversation_for_view``); an
unknown or malformed slug answers 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from socius.core.api_support import Pagination, responses, slug_or_404
from socius.deliberation import selectors
from socius.deliberation.access import conversation_for_view
from socius.deliberation.models import Conversation, Statement
from socius.deliberation.selectors import GroupView, StatementRow

router = Router(tags=["deliberation"])


class ConversationOut(Schema):
    slug: str
    title: str
    question: str
    description: str
    theme: str = Field(..., alias="theme.slug")
    is_open: bool
    participants: int = Field(..., alias="participant_count")
    statements: int = Field(..., alias="accepted_count")
    results_at: datetime.datetime | None
    url: str
    results_url: str

    @staticmethod
    def resolve_url(obj: Conversation) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_results_url(obj: Conversation) -> str:
        return reverse("deliberation:results", args=[obj.slug])


class StatementOut(Schema):
    id: int
    text: str
    agree: int = Field(..., alias="n_agree")
    disagree: int = Field(..., alias="n_disagree")
    passed: int = Field(..., alias="n_pass")


class ConversationDetailOut(Schema):
    slug: str
    title: str
    question: str
    description: str
    theme: str
    is_open: bool
    url: str
    results_url: str
    statements: list[StatementOut]


class ResultRowOut(Schema):
    """One statement as the results page's tables show it (totals from the engine run)."""

    id: int
    text: str
    agree: int
    disagree: int
    passed: int
    seen: int
    agree_share: float
    agree_lo: float
    agree_hi: float
    needs_votes: bool
    bridging: float | None
    spread: float | None = None


class RepresentativeOut(Schema):
    id: int
    text: str
    repful_for: str
    n_success: int
    n_trials: int
    share: float | None
    lo: float | None
    hi: float | None


class GroupOut(Schema):
    label: str
    size: int
    statements: list[RepresentativeOut]


class ResultsOut(Schema):
    slug: str
    version: int | None
    computed_at: datetime.datetime | None
    stale: bool
    participants: int
    votes: int
    groups: list[GroupOut]
    consensus_agree: list[ResultRowOut]
    consensus_disagree: list[ResultRowOut]
    bridging: list[ResultRowOut]
    divisive: list[ResultRowOut]
    needs_votes: list[ResultRowOut]


def _conversation(slug: str) -> Conversation:
    return conversation_for_view(slug=slug_or_404(slug, 120))  # Conversation.slug's max_length


@router.get("/samtaler", response=responses(list[ConversationOut], 422))
@paginate(Pagination)
def conversation_list(request: HttpRequest) -> Any:
    return selectors.conversation_list_open_data()


@router.get("/samtaler/{slug}", response=responses(ConversationDetailOut, 404))
def conversation_detail(request: HttpRequest, slug: str) -> Any:
    conversation = _conversation(slug)
    statements: list[Statement] = list(selectors.statements_accepted_with_counts(conversation))
    return {
        "slug": conversation.slug,
        "title": conversation.title,
        "question": conversation.question,
        "description": conversation.description,
        "theme": conversation.theme.slug,
        "is_open": conversation.is_open,
        "url": conversation.get_absolute_url(),
        "results_url": reverse("deliberation:results", args=[conversation.slug]),
        "statements": statements,
    }


def _row(row: StatementRow) -> dict[str, Any]:
    # Only the columns the page shows. ``weakest`` is left out: on the page it may name a
    # party or role of five or more; the API names none.
    return {
        "id": row.id,
        "text": row.text,
        "agree": row.agree,
        "disagree": row.disagree,
        "passed": row.passed,
        "seen": row.seen,
        "agree_share": row.agree_share,
        "agree_lo": row.agree_lo,
        "agree_hi": row.agree_hi,
        "needs_votes": row.needs_votes,
        "bridging": row.bridging,
        "spread": row.extra.get("spread"),
    }


def _group(group: GroupView) -> dict[str, Any]:
    return {
        "label": group.label,
        "size": group.size,
        "statements": [
            {
                "id": rep["tid"],
                "text": rep["text"],
                "repful_for": rep["repful_for"],
                "n_success": rep["n_success"],
                "n_trials": rep["n_trials"],
                "share": rep["p_success"],
                "lo": rep["lo"],
                "hi": rep["hi"],
            }
            for rep in group.statements
        ],
    }


@router.get("/samtaler/{slug}/resultater", response=responses(ResultsOut, 404))
def conversation_results(request: HttpRequest, slug: str) -> Any:
    """Like the page: before the first engine run the answer is empty (``version`` null)."""
    conversation = _conversation(slug)
    view = selectors.results_for(conversation)
    run = view.run
    return {
        "slug": conversation.slug,
        "version": run.version if run else None,
        "computed_at": run.created_at if run else None,
        "stale": view.stale,
        "participants": run.participant_count if run else 0,
        "votes": run.vote_count if run else 0,
        "groups": [_group(g) for g in view.groups],
        "consensus_agree": [_row(r) for r in view.consensus_agree],
        "consensus_disagree": [_row(r) for r in view.consensus_disagree],
        "bridging": [_row(r) for r in view.bridging],
        "divisive": [_row(r) for r in view.divisive],
        "needs_votes": [_row(r) for r in view.needs_votes],
    }
