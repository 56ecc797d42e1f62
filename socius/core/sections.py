"""What other modules show on shared pages: core's front page, a theme's page and a
municipality's space, and the atlas's page of a municipality (``atlas_municipality``, whose
items take the municipality's three-digit ``code``: the atlas reads no municipality rows).

Core cannot import the modules (they depend on core), so each module registers its sections
here from its ``AppConfig.ready`` through its own selectors. A section's ``items`` function
must run a fixed number of queries whatever the data (the pages' tests count them) and return
only public content: the front page and theme pages are served from the anonymous page cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.functional import Promise

Page = Literal["home", "theme", "municipality", "atlas_municipality"]


@dataclass(frozen=True)
class Section:
    key: str
    page: Page
    heading: str | Promise
    template: str
    # home: items(); theme: items(theme=...); municipality: items(municipality=...);
    # atlas_municipality: items(code=...)
    items: Callable[..., Sequence[Any]]
    empty: str | Promise
    order: int = 50
    # Where the full list lives (a URL name, reversed with no arguments), or "".
    more_url: str = ""
    more_label: str | Promise = ""


@dataclass(frozen=True)
class Filled:
    section: Section
    items: Sequence[Any]


_SECTIONS: dict[tuple[Page, str], Section] = {}


def section_register(section: Section) -> None:
    """Add (or replace, for tests and reloads) one section of a shared page."""
    _SECTIONS[(section.page, section.key)] = section


def sections_for(page: Page, **kwargs: Any) -> list[Filled]:
    """Every registered section of ``page`` in order, each with its items read."""
    found = sorted(
        (s for (p, _key), s in _SECTIONS.items() if p == page), key=lambda s: (s.order, s.key)
    )
    return [Filled(section=s, items=list(s.items(**kwargs))) for s in found]
