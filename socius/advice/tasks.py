"""Scheduled work of the advice app, for a scheduler that enqueues Django tasks."""

from __future__ import annotations

from django.tasks import task

from socius.advice.services import follow_ups_send


@task()
def advice_follow_ups_send() -> int:
    """Send the follow-up surveys that are due (idempotent; see services/follow_up.py)."""
    return follow_ups_send()
