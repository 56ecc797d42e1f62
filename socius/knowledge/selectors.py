"""Reads of the knowledge hub."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from socius.core.models import Theme
from socius.knowledge.models import KnowledgeIndexPage, PublicationAuthor, PublicationPage


def published_publications(
    theme: Theme | str | None = None, kind: str | None = None, year: int | None = None
) -> QuerySet[PublicationPage]:
    """Live, public publications, newest first; ``theme`` a Theme or its slug, ``kind`` a
    ``models.Kind`` value. Returns the shared ``PublicationPage`` rows (call ``.specific``
    on one for the kind's own fields)."""
    qs = PublicationPage.objects.live().public().filter(expired=False)
    if theme is not None:
        qs = qs.filter(themes__slug=theme) if isinstance(theme, str) else qs.filter(themes=theme)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(publication_date__year=year)
    return (
        qs.distinct()
        .prefetch_related(
            "themes",
            Prefetch("author_links", queryset=PublicationAuthor.objects.select_related("user")),
        )
        .order_by("-publication_date", "-id")
    )


def knowledge_index() -> KnowledgeIndexPage | None:
    """The hub's index page, if the site has one."""
    return KnowledgeIndexPage.objects.first()


def publication_citation(page: Any) -> dict[str, Any]:
    """What a reader needs to cite ``page``: title, authors, year, URL, and one line of text."""
    authors = [a.display_name for a in page.authors]
    year = page.publication_date.year if page.publication_date else ""
    url = page.full_url or ""
    names = ", ".join(authors) if authors else "Socius"
    text = f"{names} ({year}). {page.title}. Socius. {url}".strip()
    return {"title": page.title, "authors": authors, "year": year, "url": url, "text": text}


def theme_links(themes: Any) -> list[dict[str, str]]:
    """Each theme with the address of its hub page (or, without one, the core theme page)."""
    from socius.knowledge.models import ThemePage

    themes = list(themes)
    pages = {
        tp.theme_id: tp
        for tp in ThemePage.objects.live().public().filter(theme__in=[t.pk for t in themes])
    }
    return [
        {"title": t.title, "url": pages[t.pk].url if t.pk in pages else t.get_absolute_url()}
        for t in themes
    ]
