"""Load (or refresh) the rule sets of the housing lists and recompute every area's status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socius.atlas.housing.rules import RULES_FILE, RuleSetError, rule_sets_from_file
from socius.atlas.housing.services import rule_sets_load


class Command(BaseCommand):
    help = "Load the housing list rule sets from a JSON file (default: the one shipped)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", type=Path, default=RULES_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = rule_sets_from_file(options["file"])
        except (OSError, ValueError, KeyError, RuleSetError) as exc:
            raise CommandError(f"Cannot read the rule sets: {exc}") from exc
        changed = rule_sets_load(actor=None, entries=entries)
        if changed:
            self.stdout.write("Loaded: " + ", ".join(str(y) for y in changed))
        else:
            self.stdout.write("Nothing changed.")
