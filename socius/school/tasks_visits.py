"""Scheduled work of the visits part, for a scheduler that enqueues Django tasks."""

from __future__ import annotations

from django.tasks import task

from socius.school.services_visits import visit_reminders_send


@task()
def school_visit_reminders_send() -> dict[str, int]:
    """Remind both sides the day before and mark past visits held (idempotent)."""
    return visit_reminders_send()
