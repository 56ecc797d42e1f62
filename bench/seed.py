"""Seed the throwaway benchmark database with organisations for the list page.

Run from the project root with the benchmark's environment: ``python -m bench.seed``.
Themes and municipalities already come from the migrations.
"""

from __future__ import annotations

import os

ORGANISATIONS = 40
THEMES_PER_ORGANISATION = 2


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    import django

    django.setup()

    from socius.core.models import Municipality, Organisation, Theme

    municipality = Municipality.objects.get(code="751")
    themes = list(Theme.objects.filter(is_active=True))
    for number in range(1, ORGANISATIONS + 1):
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-forening-{number:02d}",
            defaults={
                "name": f"Benchforening {number:02d}",
                "kind": Organisation.Kind.ASSOCIATION,
                "municipality": municipality,
                "description": "En forening, der findes for at måle sidernes hastighed.",
            },
        )
        start = number % len(themes)
        picked = (themes + themes)[start : start + THEMES_PER_ORGANISATION]
        org.themes.set(picked)
    print(f"Seeded {Organisation.objects.count()} organisations, {len(themes)} themes.")


if __name__ == "__main__":
    main()
