"""Background work: recompute a conversation's results after new votes."""

from __future__ import annotations

from django.tasks import task

from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation


@task()
def conversation_recompute(conversation_id: int) -> int | None:
    """Run the engine if votes arrived since the last run; returns the stored version.

    Many votes enqueue many tasks; all but the first find the votes already covered and return
    at once, so a burst of votes costs about one run."""
    # Votes committed from now on queue a new run; this one covers those committed before.
    Conversation.objects.filter(pk=conversation_id).update(recompute_queued=False)
    row = conversation_compute(conversation_id)
    return row.version if row is not None else None
