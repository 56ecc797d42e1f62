from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.advice.stale import communities_check_stale


class Command(BaseCommand):
    help = "Flag communities nobody has confirmed for six months, tell their contacts, hide them after 30 more days (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded, hidden = communities_check_stale()
        self.stdout.write(f"Reminded {reminded} organisations; {hidden} communities are hidden.")
