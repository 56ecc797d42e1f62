"""The atlas on the golden thread: an indicator as evidence (its key is the indicator's code).

Only active indicators resolve; the atlas's figures are public, so every viewer sees the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.atlas.models import Indicator
from socius.core.threads import ORDER_EVIDENCE, StepInfo, StepKind, step_kind_register

CANDIDATES = 20
SUMMARY_CHARS = 240
_CODE_MAX = 80


def indicators_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Active indicators among ``keys``, with their source: one query."""
    codes = [k for k in keys if 0 < len(k) <= _CODE_MAX]
    found = Indicator.objects.filter(code__in=codes, is_active=True).select_related("source")
    return {
        i.code: StepInfo(
            title=i.label,
            url=i.get_absolute_url(),
            status=_("Source: %(source)s") % {"source": i.source.title},
            date=localdate(i.updated_at),
            summary=Truncator(i.definition).chars(SUMMARY_CHARS),
        )
        for i in found
    }


def indicators_existing(keys: Sequence[str]) -> list[str]:
    """Indicator codes among ``keys`` (active or not)."""
    codes = [k for k in keys if 0 < len(k) <= _CODE_MAX]
    return list(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))


def indicator_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 active indicators whose title (Danish or English) or code holds ``text``."""
    text = text.strip()
    found = Indicator.objects.filter(is_active=True).filter(
        Q(title__icontains=text) | Q(title_en__icontains=text) | Q(code__icontains=text)
    )
    return list(found.values_list("code", "title")[:CANDIDATES])


step_kind_register(
    StepKind(
        key="indicator",
        label=gettext_lazy("Figure in the atlas"),
        plural=gettext_lazy("Figures in the atlas"),
        order=ORDER_EVIDENCE,
        resolve=indicators_for_thread,
        candidates=indicator_candidates,
        exists=indicators_existing,
    )
)
