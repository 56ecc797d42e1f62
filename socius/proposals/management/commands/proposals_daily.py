"""The daily run for citizen proposals: expire, alert overdue ones, publish the counts.

Run it once a day after midnight (cron or a systemd timer); running it twice is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.proposals.services.signing import (
    proposals_expire,
    proposals_overdue_alert,
    tallies_publish,
)


class Command(BaseCommand):
    help = "Expire proposals, alert overdue ones and publish today's counts and Merkle roots."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = proposals_expire()
        alerted = proposals_overdue_alert()
        published = tallies_publish()
        self.stdout.write(f"expired={expired} overdue_alerts={alerted} tallies={published}")
