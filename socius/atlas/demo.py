"""Demo content of the atlas: the shipped indicators and figures (idempotent)."""

from __future__ import annotations

from socius.atlas.sources.embedded import embedded_load


def demo_seed() -> list[str]:
    results = embedded_load()
    created = sum(r.created for r in results)
    if not created:
        return []
    return [f"Atlas: {created} figures loaded from socius/atlas/data/indikatorer.csv."]
