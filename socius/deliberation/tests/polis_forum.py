"""A shipped Polis reference conversation loaded into the forum, so that its results page
(summary, tables, map) can be shown and checked like any other conversation's.

Only the conversations shipped with their statements' text can be shown (2dhnep37ie,
9fw9a2jeby); the trimmed ones keep counts, not text. Statements Polis moderated out are
rejected here, as a moderator would have; every participant is a person without a declared
party or role, as on Polis. Votes are written in bulk, in the order Polis received them
(the engine replays that order), and the engine runs once through ``conversation_compute``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from socius.core.models import Theme
from socius.deliberation import services
from socius.deliberation.engine.tests.conftest import DATA, load_case
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, Participant, Statement, Vote

SHOWN = ("2dhnep37ie", "9fw9a2jeby")


def polis_conversation_load(name: str, *, moderator: Any) -> Conversation:
    """The Polis conversation ``name`` as a forum conversation with its latest engine run."""
    import json

    case = load_case(name)
    topic = json.loads((DATA / name / "conversation.json").read_text()).get("topic") or ""
    conversation = services.conversation_create(
        actor=moderator,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title=f"Polis {name}",
        question=topic or f"Polis {name}",
    )
    mod_out = set(case.math["mod-out"])
    ids: dict[int, int] = {}
    for comment in sorted(case.comments, key=lambda c: c["statement_id"]):
        tid = int(comment["statement_id"])
        accepted = tid not in mod_out
        ids[tid] = Statement.objects.create(
            conversation=conversation,
            text=" ".join(comment["txt"].split())[:280],
            status=Statement.Status.ACCEPTED if accepted else Statement.Status.REJECTED,
            shown=accepted,
        ).pk
    # The last vote per person and statement counts, at the place of the first (as the forum's
    # update_or_create keeps a vote's row and its creation time).
    cells: dict[tuple[int, int], int] = {}
    for vote in case.votes:
        if vote.statement in ids:
            cells[(vote.participant, vote.statement)] = vote.value
    people = sorted({p for p, _t in cells})
    users = get_user_model().objects.bulk_create(
        [get_user_model()(email=f"polis-{name}-{p}@example.dk", password="!") for p in people]
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=user, number=p + 1)
            for p, user in zip(people, users, strict=True)
        ]
    )
    by_person = {p: participant.pk for p, participant in zip(people, participants, strict=True)}
    Vote.objects.bulk_create(
        [
            Vote(statement_id=ids[t], participant_id=by_person[p], value=value, revision=i + 1)
            for i, ((p, t), value) in enumerate(cells.items())
        ]
    )
    Conversation.objects.filter(pk=conversation.pk).update(vote_revision=len(cells))
    conversation_compute(conversation.pk)
    conversation.refresh_from_db()
    return conversation
