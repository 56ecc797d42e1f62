"""Communities in search: only entries the public directory shows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.advice.models import Community
from socius.core.search_registry import Document, search_register


def community_document(community: Community) -> Document | None:
    if not Community.objects.visible().filter(pk=community.pk).exists():
        return None
    body = "\n".join(
        p
        for p in (
            community.description,
            community.audience,
            community.when,
            community.municipality.name,
            community.organisation.name,
        )
        if p
    )
    return Document(
        title=community.title,
        body=body,
        url=community.get_absolute_url(),
        kind="community",
        module="advice",
        themes=tuple(t.slug for t in community.themes.all()),
        published=community.created_at,
    )


def community_queryset() -> QuerySet[Community]:
    return Community.objects.select_related("municipality", "organisation").prefetch_related(
        "themes"
    )


search_register(
    kind="community",
    module="advice",
    model=Community,
    label=_("Community"),
    document=community_document,
    queryset=community_queryset,
)
