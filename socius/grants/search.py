"""Grant rounds in search: every round that is no longer being prepared (as the public
round list shows them). Drafts are never indexed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_index_on_commit, search_register
from socius.grants.models import Pool, Round
from socius.grants.workflows import RoundState


def round_document(round_: Round) -> Document | None:
    """The round as its public page shows it: name, the pool's description and legal basis."""
    if round_.state == RoundState.DRAFT:
        return None
    pool = round_.pool
    body = "\n".join(p for p in (pool.name, pool.description, pool.legal_basis) if p)
    return Document(
        title=round_.name,
        body=body,
        url=round_.get_absolute_url(),
        kind="grant_round",
        module="grants",
        themes=tuple(m.theme.slug for m in round_.theme_minimums.all()),
        published=round_.opens_at,
    )


def round_queryset() -> QuerySet[Round]:
    return Round.objects.select_related("pool").prefetch_related("theme_minimums__theme")


def _pool_saved(instance: Pool, **kwargs: Any) -> None:
    # A round's text includes its pool's: index the pool's rounds again.
    for pk in Round.objects.filter(pool=instance).values_list("pk", flat=True):
        search_index_on_commit(kind="grant_round", pk=pk)


search_register(
    kind="grant_round",
    module="grants",
    model=Round,
    label=_("Grant round"),
    document=round_document,
    queryset=round_queryset,
)
post_save.connect(_pool_saved, sender=Pool, dispatch_uid="search-grant-pool")
