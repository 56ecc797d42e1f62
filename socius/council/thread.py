"""The council item on the golden thread (kind ``council_item``, keyed by its public id):
what the thread shows of it, and the items editors can link by hand. An item records no
participants of its own: the people of the earlier steps are the ones told when it moves."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from socius.core.threads import ORDER_COUNCIL, StepInfo, StepKind, step_kind_register
from socius.council.models import CouncilItem, ItemState


def _status(item: CouncilItem) -> str:
    if item.state == ItemState.DECIDED and item.decision:
        return str(item.get_decision_display())
    return str(item.get_state_display())


def council_items_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Items by public id, in one query (every council item is public)."""
    ids = []
    for key in keys:
        try:
            ids.append(uuid.UUID(str(key)))
        except ValueError:
            continue
    found: dict[str, StepInfo] = {}
    items = CouncilItem.objects.filter(
        public_id__in=ids, council__municipality__space__participates=True
    ).select_related("meeting", "council")
    for item in items:
        when = item.meeting.date if item.meeting else None
        if when is None and item.decided_at:
            when = item.decided_at.date()
        found[str(item.public_id)] = StepInfo(
            title=item.title,
            url=item.get_absolute_url(),
            status=_status(item),
            date=when,
            summary=Truncator(item.decision_text or item.summary).chars(240),
        )
    return found


def council_item_candidates(text: str) -> Sequence[tuple[str, str]]:
    """Up to 20 items whose title holds ``text``, newest first."""
    qs = CouncilItem.objects.exclude(state=ItemState.WITHDRAWN)
    if text.strip():
        qs = qs.filter(title__icontains=text.strip()[:100])
    return [
        (str(k), t) for k, t in qs.order_by("-created_at").values_list("public_id", "title")[:20]
    ]


step_kind_register(
    StepKind(
        key="council_item",
        label=_("Council decision"),
        plural=_("Council decisions"),
        order=ORDER_COUNCIL,
        resolve=council_items_for_thread,
        participants=None,
        candidates=council_item_candidates,
    )
)
