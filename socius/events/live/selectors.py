"""Reads for the live debate: the screen's figures and the audience's next statement.

The deliberation module is read only through its selectors (``results_for``,
``statement_next_with_progress``: the forum's ``statement_next_for`` and
``participant_progress`` in one) and ``summary.at_least_text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socius.deliberation import selectors as deliberation
from socius.deliberation.summary import at_least_text

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.deliberation.models import Conversation, Statement

# The screen shows this many bridging statements: a projector's worth of large type.
SCREEN_STATEMENTS = 3
# Kept per process in the "pages" cache (public data only). The keys hold the vote revision
# and the run's version, so a new vote or run is never hidden by a kept value; the time limit
# only frees memory.
CACHE_SECONDS = 600


@dataclass(frozen=True)
class ScreenStatement:
    text: str
    support: str  # "probably at least 58 %", as the results page writes it
    support_text: str  # the sentence the results page's summary writes with it


@dataclass(frozen=True)
class ScreenState:
    """What the screen shows: public figures only, never a person or their vote."""

    question: str
    participants: int
    votes: int
    revision: int  # the conversation's vote revision now
    covered: int  # the vote revision the latest engine run covers
    run: int  # the run's version, 0 before the first run
    run_at: str  # ISO 8601, "" before the first run
    bridging: list[ScreenStatement]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["behind"] = max(0, self.revision - self.covered)
        data["fresh_text"] = self.fresh_text
        return data

    @property
    def fresh_text(self) -> str:
        if not self.run:
            return _("The first count comes a few seconds after the first votes.")
        if self.covered >= self.revision:
            return _("Every vote is counted.")
        return _("Counting the newest votes...")


def _run_part(conversation: Conversation, run_id: int | None) -> dict[str, Any]:
    """The latest run's bridging statements in plain words, kept per run and language."""
    key = f"event_live:run:{conversation.pk}:{run_id}:{get_language()}"
    cache = caches["pages"]
    part: dict[str, Any] | None = cache.get(key)
    if part is None:
        view = deliberation.results_for(conversation)
        run = view.run
        part = {
            "covered": run.vote_revision if run else 0,
            "run": run.version if run else 0,
            "run_at": run.created_at.isoformat() if run else "",
            "votes": run.vote_count if run else 0,
            "bridging": [
                ScreenStatement(
                    row.text,
                    at_least_text(row.bridging),
                    _("Even in the group that agrees least, %(share)s agree.")
                    % {"share": at_least_text(row.bridging)},
                )
                for row in view.bridging[:SCREEN_STATEMENTS]
            ],
        }
        cache.set(key, part, CACHE_SECONDS)
    return part


def _counts(conversation: Conversation) -> tuple[int, int]:
    """(participants, votes) now, kept per vote revision: counted again only after a vote."""
    key = f"event_live:counts:{conversation.pk}:{conversation.vote_revision}"
    cache = caches["pages"]
    counts: tuple[int, int] | None = cache.get(key)
    if counts is None:
        counts = deliberation.conversation_counts(conversation)
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def screen_state(conversation: Conversation) -> ScreenState:
    """The screen's figures: one query for the latest run's id while nothing changed (the
    conversation row comes with the event), more only after a vote or a new run."""
    run_id = deliberation.latest_run_id(conversation)
    part = _run_part(conversation, run_id)
    participants, votes = _counts(conversation)
    return ScreenState(
        question=conversation.question,
        participants=participants,
        votes=votes,
        revision=conversation.vote_revision,
        covered=part["covered"],
        run=part["run"],
        run_at=part["run_at"],
        bridging=part["bridging"],
    )


@dataclass(frozen=True)
class AudienceState:
    statement: Statement | None
    voted: int
    total: int


def audience_state(*, conversation: Conversation, user: User) -> AudienceState:
    """The next statement for this person and how far they have come."""
    statement, voted, total = deliberation.statement_next_with_progress(
        conversation=conversation, user=user
    )
    return AudienceState(statement, voted, total)


def event_is_over(event: Any, *, now: Any = None) -> bool:
    """True once the event has ended: the audience page then points to the conversation."""
    return bool(event.ends_at <= (now or timezone.now()))
