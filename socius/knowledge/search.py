"""Publications in search: live, public pages only, one search kind per publication kind."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from socius.core.search_registry import Document, search_register
from socius.knowledge.models import (
    ArticlePage,
    DebatePage,
    GuidePage,
    Kind,
    LessonPlanPage,
    NewsPage,
    PublicationPage,
    RecommendationPage,
    ReportPage,
)

KIND_MODELS: dict[str, type[PublicationPage]] = {
    Kind.REPORT: ReportPage,
    Kind.ARTICLE: ArticlePage,
    Kind.GUIDE: GuidePage,
    Kind.DEBATE: DebatePage,
    Kind.NEWS: NewsPage,
    Kind.RECOMMENDATION: RecommendationPage,
    Kind.LESSON_PLAN: LessonPlanPage,
}


def publication_document(page: PublicationPage) -> Document | None:
    """The page's published content, or None when a visitor could not see it."""
    if not page.live or page.expired or page.get_view_restrictions().exists():
        return None
    url = page.get_url()
    if not url:  # not under a site root: no public address
        return None
    published = page.first_published_at or page.last_published_at
    return Document(
        title=page.title,
        # A lesson plan's goals are what a teacher searches for.
        body="\n".join(p for p in (page.summary, getattr(page, "goals", ""), page.body_text) if p),
        url=url,
        kind=page.kind,
        module="knowledge",
        themes=tuple(t.slug for t in page.themes.all()),
        published=published,
    )


def _queryset_for(model: type[PublicationPage]) -> Callable[[], QuerySet[PublicationPage]]:
    def queryset() -> QuerySet[PublicationPage]:
        return model.objects.all().prefetch_related("themes")

    return queryset


for _kind, _model in KIND_MODELS.items():
    search_register(
        kind=str(_kind),
        module="knowledge",
        model=_model,
        label=Kind(_kind).label,
        document=publication_document,
        queryset=_queryset_for(_model),
    )
