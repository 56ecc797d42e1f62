"""Case states and transitions as data (ISO 37002: receive, assess, address, conclude).

Each transition names what the handler must give: a message to the reporter (always allowed,
required where the law expects the reporter to hear from us) and a reason (out of scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_SCOPE = "in_scope", _("Assessed: in scope")
    OUT_OF_SCOPE = "out_of_scope", _("Assessed: out of scope")
    INVESTIGATING = "investigating", _("Investigating")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any  # a lazy translation
    source: frozenset[str]
    target: str
    message_required: bool = False
    reason_required: bool = False


_S = CaseState
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "acknowledge",
            _("Acknowledge receipt"),
            frozenset({_S.RECEIVED}),
            _S.ACKNOWLEDGED,
            message_required=True,
        ),
        Transition("assess_in", _("Assess: in scope"), frozenset({_S.ACKNOWLEDGED}), _S.IN_SCOPE),
        Transition(
            "assess_out",
            _("Assess: out of scope"),
            frozenset({_S.ACKNOWLEDGED}),
            _S.OUT_OF_SCOPE,
            message_required=True,
            reason_required=True,
        ),
        Transition(
            "investigate", _("Start the investigation"), frozenset({_S.IN_SCOPE}), _S.INVESTIGATING
        ),
        Transition(
            "feedback",
            _("Give feedback"),
            frozenset({_S.IN_SCOPE, _S.INVESTIGATING}),
            _S.FEEDBACK_GIVEN,
            message_required=True,
        ),
        Transition(
            "close", _("Close the case"), frozenset({_S.FEEDBACK_GIVEN, _S.OUT_OF_SCOPE}), _S.CLOSED
        ),
    )
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.source]
