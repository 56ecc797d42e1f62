"""The programme's kinds of thread step: ``action`` (a programme action, with its status in
plain words) and ``measure`` (a measure's latest figure against its target, with a small
chart and table)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from socius.core.threads import ORDER_ACTION, ORDER_RESULT, StepInfo, StepKind, step_kind_register


def _uuids(keys: Sequence[str]) -> list[str]:
    from socius.programme.services_actions import parse_uuid

    return [str(u) for u in (parse_uuid(k) for k in keys) if u is not None]


def actions_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Actions of published programmes (one query)."""
    from socius.programme.models import Action, ActionStatus

    found = Action.objects.filter(
        public_id__in=_uuids(keys), commitment__programme__published=True
    ).select_related("commitment")
    return {
        str(a.public_id): StepInfo(
            title=a.title,
            url=a.get_absolute_url(),
            status=str(ActionStatus(a.status).label),
            date=timezone.localdate(a.status_changed_at) if a.status_changed_at else a.starts_on,
            summary=a.status_reason or str(a.commitment),
        )
        for a in found
    }


def measures_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Measures of published programmes with their figures (one query, plus the atlas
    snapshot)."""
    from socius.atlas.selectors import atlas_data
    from socius.programme.models import Measure
    from socius.programme.selectors_atlas import measure_views

    measures = list(
        Measure.objects.filter(
            public_id__in=_uuids(keys), commitment__programme__published=True
        ).select_related("commitment__programme__municipality")
    )
    result = {}
    data = atlas_data() if measures else None
    for m in measures:
        view = measure_views([m], m.commitment.programme.municipality.code, data)[0]
        result[str(m.public_id)] = StepInfo(
            title=view.summary,
            url=m.get_absolute_url(),
            status=view.progress,
            summary=str(m.commitment),
            template="programme/thread_measure.html",
            extra=view,
        )
    return result


def _action_candidates(text: str) -> Sequence[tuple[str, str]]:
    from socius.programme.models import Action

    return [
        (str(a.public_id), a.title)
        for a in Action.objects.filter(title__icontains=text[:100]).order_by("title")[:20]
    ]


def _measure_candidates(text: str) -> Sequence[tuple[str, str]]:
    from socius.programme.models import Measure

    return [
        (str(m.public_id), f"{m.indicator_code} ({m.commitment})")
        for m in Measure.objects.filter(indicator_code__icontains=text[:60])
        .select_related("commitment")
        .order_by("indicator_code")[:20]
    ]


def register() -> None:
    step_kind_register(
        StepKind(
            key="action",
            label=gettext_lazy("Programme action"),
            plural=gettext_lazy("Programme actions"),
            order=ORDER_ACTION,
            resolve=actions_for_thread,
            participants=None,
            candidates=_action_candidates,
        )
    )
    step_kind_register(
        StepKind(
            key="measure",
            label=gettext_lazy("Measured result"),
            plural=gettext_lazy("Measured results"),
            order=ORDER_RESULT,
            resolve=measures_for_thread,
            participants=None,
            candidates=_measure_candidates,
        )
    )
