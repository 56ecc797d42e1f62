"""Reads of the knowledge hub."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from socius.core.access import user_can
from socius.core.models import Theme
from socius.core.roles import Capability
from socius.knowledge.models import (
    KnowledgeIndexPage,
    LessonPlanPage,
    PublicationAuthor,
    PublicationPage,
    RecommendationPage,
)


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


def lesson_plans_published() -> QuerySet[LessonPlanPage]:
    """Live, public lesson plans (the citizenship elective's courses link to them), by
    title."""
    return LessonPlanPage.objects.live().public().filter(expired=False).order_by("title", "id")


def knowledge_index() -> KnowledgeIndexPage | None:
    """The hub's index page, if the site has one."""
    return KnowledgeIndexPage.objects.first()


def publication_citation(page: Any, url: str = "") -> dict[str, Any]:
    """What a reader needs to cite ``page``: title, authors, year, URL (``url``, else the
    page's address on its Wagtail site), and the same as one line of text."""
    authors = [a.display_name for a in page.authors]
    year = page.publication_date.year if page.publication_date else ""
    url = url or page.full_url or ""
    names = ", ".join(authors) if authors else "Socius"
    text = f"{names} ({year}). {page.title}. Socius. {url}".strip()
    return {"title": page.title, "authors": authors, "year": year, "url": url, "text": text}


def theme_links(themes: Any) -> list[dict[str, str]]:
    """Each theme with the address of its one page (/temaer/<slug>/: the hub's theme pages
    redirect there)."""
    return [{"title": t.title, "url": t.get_absolute_url()} for t in themes]


def theme_page_intro(theme: Theme) -> str:
    """The editors' introduction to ``theme`` from its live hub theme page, or ""."""
    from socius.knowledge.models import ThemePage

    intro = ThemePage.objects.live().public().filter(theme=theme).values_list("intro", flat=True)
    return intro.first() or ""


def review_task_list_for(*, user: Any) -> list[Any]:
    """The hub's pages waiting for ``user``'s review in the Wagtail workflow, the longest
    waiting first. Each is a Wagtail ``TaskState`` with ``revision`` (``object_str`` is the
    page title) and ``workflow_state`` (``object_id`` is the page id) loaded. The task
    excludes the person's own work (models.SecondEditorApprovalTask)."""
    from wagtail.models import TaskState

    if not user_can(user, Capability.KNOWLEDGE_EDIT):
        return []
    return list(
        TaskState.objects.reviewable_by(user)
        .select_related("revision", "workflow_state")
        .order_by("started_at", "id")
    )


def recommendation_by_slug(slug: str) -> RecommendationPage | None:
    """A live policy recommendation by its slug (the demo's thread starts from one)."""
    return RecommendationPage.objects.live().filter(slug=slug).first()
