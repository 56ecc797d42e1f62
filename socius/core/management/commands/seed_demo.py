from __future__ import annotations

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
