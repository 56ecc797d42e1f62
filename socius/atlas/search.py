"""The atlas in search: every active indicator (its title, definition and source), and each
municipality's page of figures."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.atlas.models import Indicator
from socius.core.models import Municipality
from socius.core.search_registry import Document, search_register, search_register_pages


def indicator_document(indicator: Indicator) -> Document | None:
    """An active indicator as its page shows it; an inactive one is not public."""
    if not indicator.is_active:
        return None
    parts = (
        indicator.title_en,
        indicator.definition,
        indicator.numerator,
        indicator.denominator,
        indicator.source.title,
        indicator.source_table,
    )
    return Document(
        title=indicator.title,
        body="\n".join(p for p in parts if p),
        url=indicator.get_absolute_url(),
        kind="atlas_indicator",
        module="atlas",
        themes=(indicator.theme.slug,) if indicator.theme else (),
    )


def indicator_queryset() -> QuerySet[Indicator]:
    # Themes are fetched apart, and only when there are indicators: a rebuild then reads the
    # themes table only after it has written the kinds before "theme" (see
    # socius/search/tests/test_rebuild_killed.py).
    return Indicator.objects.select_related("source").prefetch_related("theme")


def municipality_pages() -> dict[str, Document]:
    """One page of figures per municipality."""
    return {
        m.code: Document(
            title=_("Figures for %(name)s") % {"name": m.name},
            body=_("Social figures for %(name)s in the social atlas, beside All Denmark.")
            % {"name": m.name},
            url=reverse("atlas:municipality-detail", args=[m.code]),
            kind="atlas_municipality",
            module="atlas",
        )
        for m in Municipality.objects.all()
    }


search_register(
    kind="atlas_indicator",
    module="atlas",
    model=Indicator,
    label=gettext_lazy("Indicator"),
    document=indicator_document,
    queryset=indicator_queryset,
)
search_register_pages(
    kind="atlas_municipality",
    module="atlas",
    pages=municipality_pages,
    label=gettext_lazy("Municipality in the social atlas"),
)
