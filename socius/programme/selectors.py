"""Reads of the programme for its public pages, each in a fixed number of queries whatever
the number of commitments, actions or measures (the tests count them)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from socius.core.models import MunicipalSpace
from socius.programme.models import (
    Action,
    ActionStatus,
    Commitment,
    Measure,
    Milestone,
    Programme,
    StatusChange,
)
from socius.programme.selectors_atlas import MeasureView, measure_views

QUARTER_DAYS = 92


def programme_list_public() -> list[Programme]:
    """The published programmes of participating municipalities, each with its space (one
    query)."""
    return list(
        Programme.objects.filter(published=True, municipality__space__participates=True)
        .select_related("municipality__space")
        .order_by("municipality__name", "-period_start")
    )


def programme_public_for(space_slug: str) -> Programme:
    """The newest published programme of a participating municipality's space, or 404."""
    programme = (
        Programme.objects.filter(
            published=True,
            municipality__space__slug=space_slug,
            municipality__space__participates=True,
        )
        .select_related("municipality__space")
        .order_by("-period_start")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_for_municipality(municipality_id: int) -> Programme | None:
    """The newest published programme of a municipality (for its space's section)."""
    return (
        Programme.objects.filter(published=True, municipality_id=municipality_id)
        .order_by("-period_start")
        .first()
    )


@dataclass
class CommitmentGlance:
    """A commitment at a glance: its actions by status, milestones and measures."""

    commitment: Commitment
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, n)
    actions: int = 0
    milestones_reached: int = 0
    milestones_due: int = 0
    measures: list[MeasureView] = field(default_factory=list)


def programme_overview(programme: Programme) -> list[CommitmentGlance]:
    """'Hvor er vi nu?': every commitment with its actions counted by status, its milestones
    reached and due, and each measure's latest value (four queries)."""
    commitments = list(programme.commitments.order_by("number"))
    glances = {c.pk: CommitmentGlance(commitment=c) for c in commitments}
    counts: dict[int, Counter[str]] = {c.pk: Counter() for c in commitments}
    for commitment_id, status in Action.objects.filter(commitment__programme=programme).values_list(
        "commitment_id", "status"
    ):
        counts[commitment_id][status] += 1
    for commitment_id, done_on in Milestone.objects.filter(
        action__commitment__programme=programme
    ).values_list("action__commitment_id", "done_on"):
        if done_on is None:
            glances[commitment_id].milestones_due += 1
        else:
            glances[commitment_id].milestones_reached += 1
    measures = list(Measure.objects.filter(commitment__programme=programme))
    for view in measure_views(measures, programme.municipality.code):
        glances[view.measure.commitment_id].measures.append(view)
    for pk, glance in glances.items():
        glance.actions = sum(counts[pk].values())
        glance.by_status = [
            (s.value, str(s.label), counts[pk][s.value])
            for s in ActionStatus
            if counts[pk][s.value]
        ]
    return [glances[c.pk] for c in commitments]


def commitment_public(programme: Programme, slug: str) -> Commitment:
    commitment = (
        Commitment.objects.filter(programme=programme, slug=slug).prefetch_related("themes").first()
    )
    if commitment is None:
        raise Http404
    return commitment


def commitment_actions(commitment: Commitment) -> list[Action]:
    """The commitment's actions, each with its milestones and status history (three
    queries)."""
    return list(
        commitment.actions.prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            Prefetch(
                "status_changes", queryset=StatusChange.objects.order_by("-changed_at", "-id")
            ),
        )
    )


def programme_actions(programme: Programme) -> dict[int, list[Action]]:
    """Every action of the programme by commitment id, each with its milestones and status
    history (three queries, whatever the number of commitments)."""
    by_commitment: dict[int, list[Action]] = {}
    actions = Action.objects.filter(commitment__programme=programme).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("-changed_at", "-id")),
    )
    for action in actions:
        by_commitment.setdefault(action.commitment_id, []).append(action)
    return by_commitment


def commitment_measures(commitment: Commitment) -> list[MeasureView]:
    measures = list(commitment.measures.select_related("action"))
    return measure_views(measures, commitment.programme.municipality.code)


@dataclass
class Changes:
    """What changed on a commitment since ``since``."""

    since: datetime.date
    status_changes: list[StatusChange]
    milestones: list[Milestone]
    activity: list[Any]
    decisions: list[Any]

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.milestones or self.activity or self.decisions)


def commitment_changes(
    commitment: Commitment, actions: list[Action], activity: list[Any], decisions: list[Any]
) -> Changes:
    """Status changes, milestones reached, new activity and new council decisions in the last
    three months (from already read actions; no query)."""
    since = timezone.localdate() - datetime.timedelta(days=QUARTER_DAYS)
    since_dt = timezone.now() - datetime.timedelta(days=QUARTER_DAYS)
    changes = [c for a in actions for c in a.status_changes.all() if c.changed_at >= since_dt]
    reached = [m for a in actions for m in a.milestones.all() if m.done_on and m.done_on >= since]
    return Changes(
        since=since,
        status_changes=sorted(changes, key=lambda c: c.changed_at, reverse=True),
        milestones=sorted(reached, key=lambda m: m.done_on or since, reverse=True),
        activity=[a for a in activity if a.date and a.date >= since],
        decisions=[d for d in decisions if d.date and d.date >= since],
    )


def action_public(public_id: Any) -> Action:
    """A published programme's action by its public id, or 404."""
    from socius.programme.services_actions import parse_uuid

    key = parse_uuid(public_id)
    action = (
        Action.objects.filter(public_id=key, commitment__programme__published=True)
        .select_related("commitment__programme__municipality__space")
        .prefetch_related("milestones", "status_changes", "measures")
        .first()
        if key
        else None
    )
    if action is None:
        raise Http404
    return action


def measure_public(public_id: Any) -> Measure:
    from socius.programme.services_actions import parse_uuid

    key = parse_uuid(public_id)
    measure = (
        Measure.objects.filter(public_id=key, commitment__programme__published=True)
        .select_related("commitment__programme__municipality__space", "action")
        .first()
        if key
        else None
    )
    if measure is None:
        raise Http404
    return measure


def actions_for_export(programme: Programme) -> QuerySet[Action]:
    return Action.objects.filter(commitment__programme=programme).select_related("commitment")


def measures_for_export(programme: Programme) -> list[MeasureView]:
    measures = list(
        Measure.objects.filter(commitment__programme=programme).select_related(
            "commitment", "action"
        )
    )
    return measure_views(measures, programme.municipality.code)


def space_for(programme: Programme) -> MunicipalSpace:
    return programme.municipality.space
