"""Advice-request states and who may move a request between them, as data.

A transition names the states it leaves from, the state it reaches and the capability the actor
needs ("organisation" means a contact or board member of the organisation that asked).
Sending a message moves a request too: the advisor's answer waits for the organisation, the
organisation's reply puts the request back with the advisor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability, StandIn


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_ORGANISATION = "awaiting_organisation", _("Waiting for the organisation")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = frozenset(
    {RequestState.NEW, RequestState.IN_PROGRESS, RequestState.AWAITING_ORGANISATION}
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    capability: Capability | StandIn


REQUEST_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "start",
            frozenset({RequestState.NEW}),
            RequestState.IN_PROGRESS,
            Capability.ADVICE_HANDLE,
        ),
        Transition(
            "answer", OPEN_STATES, RequestState.AWAITING_ORGANISATION, Capability.ADVICE_HANDLE
        ),
        Transition(
            "reply",
            frozenset({RequestState.AWAITING_ORGANISATION}),
            RequestState.IN_PROGRESS,
            StandIn.ORGANISATION,
        ),
        Transition("close", OPEN_STATES, RequestState.CLOSED, Capability.ADVICE_HANDLE),
        Transition(
            "reopen",
            frozenset({RequestState.CLOSED}),
            RequestState.IN_PROGRESS,
            Capability.ADVICE_HANDLE,
        ),
        Transition("withdraw", OPEN_STATES, RequestState.WITHDRAWN, StandIn.ORGANISATION),
    ]
}
