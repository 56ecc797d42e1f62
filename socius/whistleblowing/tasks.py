"""Scheduled work: the daily deletion of cases past their retention."""

from __future__ import annotations

from django.tasks import task

from socius.whistleblowing import keystore
from socius.whistleblowing.reminders import deadline_reminders
from socius.whistleblowing.services.handling import orphan_files_remove, reports_purge


@task()
def whistleblowing_purge() -> int:
    """Delete due cases, orphaned ciphertext files and expired unlocked keys, send deadline
    warnings; returns the number of cases deleted."""
    deleted = reports_purge()
    orphan_files_remove()
    keystore.expired_remove()
    deadline_reminders()
    return deleted
