"""The thread page's box after a recommendation or a proposal: its cross-party support
(imported from the app's ``ready``), so a thread reads "recommendation → endorsements →
proposal" without core knowing about endorsements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.threads import StepAnnex, step_annex_register
from socius.council import selectors_endorsements as selectors


def support_annex(kind: str, keys: Sequence[str]) -> Mapping[str, Any]:
    """key -> what the box shows, for the keys with support (a fixed number of queries)."""
    from socius.council.templatetags.council_support import spread_words, support_words

    found = selectors.support_for_targets(kind, keys)
    return {
        key: {
            "words": support_words(support.measure),
            "spread_text": spread_words(support.measure),
            "parties": support.parties,
            "measure": support.measure,
        }
        for key, support in found.items()
        if support.measure.parties
    }


step_annex_register(
    StepAnnex(
        key="council_endorsements",
        kinds=frozenset({selectors.KIND_RECOMMENDATION, selectors.KIND_PROPOSAL}),
        label=_("Cross-party support"),
        template="council/includes/support_annex.html",
        resolve=support_annex,
    )
)
