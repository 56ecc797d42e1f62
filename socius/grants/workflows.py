"""Grant states and who may move an application or a round between them, as data.

A transition names the states it leaves from, the state it reaches and the capability the actor
needs ("applicant" means a contact or board member of the applying organisation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability, StandIn


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed, being assessed")
    ALLOCATED = "allocated", _("Amounts proposed")
    DECIDED = "decided", _("Decided")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INELIGIBLE = "ineligible", _("Does not meet the conditions")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Not granted")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    capability: Capability | StandIn


ROUND_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "open", frozenset({RoundState.DRAFT}), RoundState.OPEN, Capability.GRANTS_MANAGE
        ),
        Transition(
            "close", frozenset({RoundState.OPEN}), RoundState.CLOSED, Capability.GRANTS_MANAGE
        ),
        Transition(
            "allocate",
            frozenset({RoundState.CLOSED, RoundState.ALLOCATED}),
            RoundState.ALLOCATED,
            Capability.GRANTS_MANAGE,
        ),
        Transition(
            "decide",
            frozenset({RoundState.ALLOCATED}),
            RoundState.DECIDED,
            Capability.GRANTS_MANAGE,
        ),
    ]
}

APPLICATION_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            frozenset({ApplicationState.DRAFT}),
            ApplicationState.SUBMITTED,
            StandIn.APPLICANT,
        ),
        Transition(
            "withdraw",
            frozenset({ApplicationState.DRAFT, ApplicationState.SUBMITTED}),
            ApplicationState.WITHDRAWN,
            StandIn.APPLICANT,
        ),
        Transition(
            "reject_gate",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.INELIGIBLE,
            Capability.GRANTS_MANAGE,
        ),
        Transition(
            "reinstate",
            frozenset({ApplicationState.INELIGIBLE}),
            ApplicationState.SUBMITTED,
            Capability.GRANTS_MANAGE,
        ),
        Transition(
            "grant",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.GRANTED,
            Capability.GRANTS_MANAGE,
        ),
        Transition(
            "reject",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.REJECTED,
            Capability.GRANTS_MANAGE,
        ),
    ]
}
