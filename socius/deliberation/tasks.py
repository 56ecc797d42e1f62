"""Background work: recompute a conversation's results after new votes."""

from __future__ import annotations

from django.tasks import task

from socius.deliberation.engine_bridge import conversation_compute


@task()
def conversation_recompute(conversation_id: int) -> int | None:
    """Run the engine if votes arrived since the last run; returns the stored version.

    Many votes enqueue many tasks; all but the first find the votes already covered and return
    at once, so a burst of votes costs about one run."""
    row = conversation_compute(conversation_id)
    return row.version if row is not None else None
