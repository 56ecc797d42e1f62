from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.advice.services import follow_ups_send


class Command(BaseCommand):
    help = "Send the follow-up survey for advice requests closed three months ago (run daily; safe to run twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = follow_ups_send()
        self.stdout.write(f"Sent {sent} follow-up surveys.")
