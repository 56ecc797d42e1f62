"""Run the development payment provider on loopback (``make run`` starts it)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socius.support.payments.devserver import DevServer, Faults


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # it needs no database
    help = "Run the development payment provider (no real money) on a loopback address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="a loopback address only")
        parser.add_argument("--port", type=int, default=9100)
        parser.add_argument(
            "--platform",
            default="",
            help="the platform's base URL, where webhooks go when a payment names none",
        )
        parser.add_argument(
            "--faults",
            default="",
            help="e.g. duplicates=2,reorder,delay=0.5,refund_before_capture,fail_first,"
            "decline_charges",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            faults = Faults.from_option(options["faults"])
            server = DevServer(
                secret=settings.SUPPORT_DEV_PROVIDER_SECRET,
                host=options["host"],
                port=options["port"],
                faults=faults,
                platform=options["platform"],
            )
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Development payment provider on {server.url} (faults: {faults})")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
