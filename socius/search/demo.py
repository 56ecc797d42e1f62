"""Demo content of search: the fixed pages (the services' landing pages) have no save signal,
so ``seed_demo`` indexes them as ``search_rebuild`` would."""

from __future__ import annotations

from socius.search.services import pages_index


def demo_seed() -> list[str]:
    """Index the fixed pages; every other module's demo content indexed itself on save."""
    pages_index()
    return []
