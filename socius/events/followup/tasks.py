"""Scheduled work after events, for a scheduler that enqueues Django tasks."""

from __future__ import annotations

from django.tasks import task

from socius.events.followup.services import surveys_send


@task()
def events_followup_surveys_send() -> int:
    """Send the follow-up surveys that are due (idempotent; see services.surveys_send)."""
    return surveys_send()
