"""The knowledge hub on the golden thread: publications as evidence, and recommendations.

Keys are page ids. Only live, public, unexpired pages resolve (drafts and pages behind a view
restriction are left out for everyone: their address would not open for a visitor anyway).
A publication step is any such page that is not a recommendation; a recommendation step is a
``RecommendationPage``. Reading any number of keys costs a fixed number of queries.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.signals import page_published

from socius.core.threads import (
    ORDER_EVIDENCE,
    ORDER_RECOMMENDATION,
    StepInfo,
    StepKind,
    step_kind_register,
)
from socius.knowledge.models import Kind, PublicationPage, RecommendationPage

logger = logging.getLogger(__name__)

CANDIDATES = 20
SUMMARY_CHARS = 240
# Wagtail page ids are integers; anything else in a key names nothing.
_MAX_ID_DIGITS = 12


def page_ids(keys: Sequence[str]) -> list[int]:
    """The keys that can be page ids, as ints (others are ignored, never an error)."""
    return [int(k) for k in keys if k.isascii() and k.isdigit() and len(k) <= _MAX_ID_DIGITS]


def _public() -> QuerySet[PublicationPage]:
    return PublicationPage.objects.live().public().filter(expired=False)


def _info(page: PublicationPage, status: str) -> StepInfo:
    return StepInfo(
        title=page.title,
        url=page.get_url() or "",
        status=status,
        date=page.publication_date,
        summary=Truncator(page.summary or "").chars(SUMMARY_CHARS),
    )


def publications_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Live public publications (not recommendations) among ``keys``: one query for the
    pages, one for the view restrictions; the addresses come from Wagtail's cached site
    roots."""
    pages = _public().filter(pk__in=page_ids(keys)).exclude(kind=Kind.RECOMMENDATION)
    return {str(p.pk): _info(p, p.kind_label()) for p in pages}


def recommendations_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Live public recommendations among ``keys`` (the same fixed queries)."""
    pages = _public().filter(pk__in=page_ids(keys), kind=Kind.RECOMMENDATION)
    return {str(p.pk): _info(p, _("Published recommendation")) for p in pages}


def publication_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 live public publications (not recommendations) whose title holds ``text``."""
    pages = _public().exclude(kind=Kind.RECOMMENDATION).filter(title__icontains=text.strip())
    return [(str(pk), title) for pk, title in pages.values_list("pk", "title")[:CANDIDATES]]


def recommendation_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 live public recommendations whose title holds ``text``."""
    pages = _public().filter(kind=Kind.RECOMMENDATION, title__icontains=text.strip())
    return [(str(pk), title) for pk, title in pages.values_list("pk", "title")[:CANDIDATES]]


def publications_existing(keys: Sequence[str]) -> list[str]:
    """Publication pages (not recommendations) among ``keys``, published or not: the hub's
    own services link drafts."""
    found = PublicationPage.objects.filter(pk__in=page_ids(keys)).exclude(kind=Kind.RECOMMENDATION)
    return [str(pk) for pk in found.values_list("pk", flat=True)]


def recommendations_existing(keys: Sequence[str]) -> list[str]:
    """Recommendation pages among ``keys``, published or not (a draft from a conversation)."""
    found = PublicationPage.objects.filter(pk__in=page_ids(keys), kind=Kind.RECOMMENDATION)
    return [str(pk) for pk in found.values_list("pk", flat=True)]


@receiver(page_published)
def _evidence_link_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A recommendation published with publications as evidence (chosen in Wagtail's admin)
    joins their thread: each cited publication is linked to it, once.

    A link the thread refuses (it would close a cycle an editor made by hand) is left out:
    publishing never fails because of the thread."""
    if not isinstance(instance, RecommendationPage):
        return
    from socius.core.models.threads import ThreadLink
    from socius.core.thread_services import thread_link

    key = str(instance.pk)
    cited = {
        str(pk)
        for pk in instance.evidence.filter(
            publication__live=True, publication__expired=False
        ).values_list("publication_id", flat=True)
    }
    if not cited:
        return
    linked = set(
        ThreadLink.objects.filter(
            source__kind="publication", source__key__in=cited,
            target__kind="recommendation", target__key=key,
        ).values_list("source__key", flat=True)
    )  # fmt: skip
    revision = kwargs.get("revision")
    actor = getattr(revision, "user", None)
    for publication_key in sorted(cited - linked):
        try:
            thread_link(
                source=("publication", publication_key),
                target=("recommendation", key),
                actor=actor,
            )
        except ValidationError:
            logger.warning("thread link refused: publication %s -> recommendation %s",
                           publication_key, key)  # fmt: skip


step_kind_register(
    StepKind(
        key="publication",
        label=gettext_lazy("Publication"),
        plural=gettext_lazy("Publications"),
        order=ORDER_EVIDENCE,
        resolve=publications_for_thread,
        candidates=publication_candidates,
        exists=publications_existing,
    )
)
step_kind_register(
    StepKind(
        key="recommendation",
        label=gettext_lazy("Policy recommendation"),
        plural=gettext_lazy("Policy recommendations"),
        order=ORDER_RECOMMENDATION,
        resolve=recommendations_for_thread,
        candidates=recommendation_candidates,
        exists=recommendations_existing,
    )
)
