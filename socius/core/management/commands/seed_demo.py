from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the Danish demo content of every module (idempotent) and print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo content is only for development (SOCIUS_DEBUG=1).")
        lines: list[str] = []
        # Wagtail logs every page it creates and publishes; the demo accounts are what matters.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("socius."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                lines += module.demo_seed()
        self.stdout.write("\n".join(lines))
