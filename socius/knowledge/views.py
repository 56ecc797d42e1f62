"""Our views beside Wagtail's page serving: the Atom feed and guarded document downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.documents.views.serve import serve as wagtail_document_serve

from socius.knowledge.middleware import cms_user_allowed
from socius.knowledge.models import PublicationPage, RecommendationPage, ReportPage
from socius.knowledge.selectors import published_publications


class PublicationFeed(Feed):
    """The newest 50 publications as Atom."""

    feed_type = Atom1Feed
    title = _("Socius: knowledge hub")
    subtitle = _("Reports, articles, guides, debates, news and policy recommendations.")
    link = "/viden/"

    def items(self) -> Any:
        return published_publications()[:50]

    def item_title(self, item: PublicationPage) -> str:
        return item.title

    def item_description(self, item: PublicationPage) -> str:
        return item.summary

    def item_link(self, item: PublicationPage) -> str:
        return item.url or "/viden/"

    def item_pubdate(self, item: PublicationPage) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: PublicationPage) -> Any:
        return item.last_published_at

    def item_author_name(self, item: PublicationPage) -> str:
        return ", ".join(a.display_name for a in item.authors)

    def item_categories(self, item: PublicationPage) -> list[str]:
        return [t.name for t in item.themes.all()]


def _document_is_public(document_id: int) -> bool:
    live = Q(live=True, expired=False)
    return (
        ReportPage.objects.filter(live, document_id=document_id).exists()
        or RecommendationPage.objects.filter(live, attachment_id=document_id).exists()
    )


def document_serve(request: HttpRequest, document_id: int, document_filename: str) -> HttpResponse:
    """A document is public once a live publication carries it; until then only editors (with
    MFA) can open it. "Missing" and "not yet public" are the same 404."""
    if not (_document_is_public(document_id) or cms_user_allowed(request.user)):
        raise Http404
    return wagtail_document_serve(request, document_id, document_filename)
