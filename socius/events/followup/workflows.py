"""The minutes' workflow: draft -> approved -> published, as data.

Any organiser of the event writes the draft; a second organiser approves it: an organiser who
neither wrote the first draft nor saved it last (``SECOND_ORGANISER``). Approval publishes the
minutes to the knowledge hub in the same transaction (``services.minutes_approve``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.workflows import SYSTEM, StandIn, Transition, Workflow
from socius.events.access import event_can_manage
from socius.events.followup import audit
from socius.events.followup.models import MinutesState as S

SECOND_ORGANISER = StandIn(
    "second_organiser", _("an organiser of the event who did not write the minutes")
)


def is_second_organiser(actor: Any, minutes: Any) -> bool:
    """An organiser of the minutes' event who is neither their author nor their last editor."""
    if actor is None or actor.pk in {minutes.author_id, minutes.last_edited_by_id}:
        return False
    return event_can_manage(user=actor, event=minutes.event)


MINUTES_WORKFLOW = Workflow(
    name="event_minutes",
    noun=_("the minutes"),
    states=S,
    transitions=(
        Transition(
            "approve",
            frozenset({S.DRAFT}),
            S.APPROVED,
            audit.AUDIT_MINUTES_APPROVED,
            stand_ins=frozenset({SECOND_ORGANISER}),
            label=_("Approve and publish"),
        ),
        Transition(
            "publish",
            frozenset({S.APPROVED}),
            S.PUBLISHED,
            audit.AUDIT_MINUTES_PUBLISHED,
            stand_ins=frozenset({SECOND_ORGANISER, SYSTEM}),
            label=_("Publish"),
        ),
    ),
    stand_ins={SECOND_ORGANISER: is_second_organiser},
)
