"""The one door to the programme's objects for editing. Editors (PROGRAMME_MANAGE) edit every
municipality's programme; anyone else gets 403 on the pages, and a missing object is 404."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from socius.core.access import require
from socius.core.roles import Capability
from socius.programme.models import Action, Commitment, Measure, Milestone, Programme


def programme_for_edit(*, user: Any, pk: int) -> Programme:
    """A programme an editor may change."""
    require(user, Capability.PROGRAMME_MANAGE)
    return get_object_or_404(Programme.objects.select_related("municipality"), pk=pk)


def commitment_for_edit(*, user: Any, pk: int) -> Commitment:
    require(user, Capability.PROGRAMME_MANAGE)
    return get_object_or_404(Commitment.objects.select_related("programme__municipality"), pk=pk)


def action_for_edit(*, user: Any, public_id: Any) -> Action:
    require(user, Capability.PROGRAMME_MANAGE)
    return get_object_or_404(
        Action.objects.select_related("commitment__programme__municipality"), public_id=public_id
    )


def milestone_for_edit(*, user: Any, action: Action, pk: int) -> Milestone:
    require(user, Capability.PROGRAMME_MANAGE)
    return get_object_or_404(Milestone, pk=pk, action=action)


def measure_for_edit(*, user: Any, commitment: Commitment, public_id: Any) -> Measure:
    """A measure of ``commitment`` (another commitment's measure is 404)."""
    require(user, Capability.PROGRAMME_MANAGE)
    return get_object_or_404(Measure, public_id=public_id, commitment=commitment)
