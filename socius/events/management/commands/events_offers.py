"""Expire overdue waiting-list offers and pass their seats on (every few minutes)."""

from typing import Any

from django.core.management.base import BaseCommand

from socius.events.services import offers_expire


class Command(BaseCommand):
    help = "Expire unanswered waiting-list offers and offer the seats to the next in line."

    def handle(self, *args: Any, **options: Any) -> None:
        count = offers_expire()
        self.stdout.write(f"{count} offers expired")
