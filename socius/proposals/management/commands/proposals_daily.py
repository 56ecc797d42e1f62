"""The daily run for citizen proposals: record milestones no signer recorded, expire, alert
overdue ones, publish the counts.

Run it once a day after midnight (cron or a systemd timer); running it twice is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.proposals.services.signing import (
    milestones_catch_up,
    proposals_expire,
    proposals_overdue_alert,
    tallies_publish,
)


class Command(BaseCommand):
    help = (
        "Record milestones, expire proposals, alert overdue ones and publish today's counts"
        " and Merkle roots."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        caught_up = milestones_catch_up()
        expired = proposals_expire()
        alerted = proposals_overdue_alert()
        published = tallies_publish()
        self.stdout.write(
            f"milestones={caught_up} expired={expired} overdue_alerts={alerted} tallies={published}"
        )
