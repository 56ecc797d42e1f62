"""Grant states and who may move an application or a round between them, as data.

A transition names the states it leaves from, the state it reaches and the capability the actor
needs ("applicant" means a contact or board member of the applying organisation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    capability: str


ROUND_TRANSITIONS = {
    t.name: t
    for t in [
        Transition("open", frozenset({RoundState.DRAFT}), RoundState.OPEN, "grants.manage"),
        Transition("close", frozenset({RoundState.OPEN}), RoundState.CLOSED, "grants.manage"),
        Transition(
            "allocate",
            frozenset({RoundState.CLOSED, RoundState.ALLOCATED}),
            RoundState.ALLOCATED,
            "grants.manage",
        ),
        Transition(
            "decide", frozenset({RoundState.ALLOCATED}), RoundState.DECIDED, "grants.manage"
        ),
    ]
}

APPLICATION_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", frozenset({ApplicationState.DRAFT}), ApplicationState.SUBMITTED, "applicant"
        ),
        Transition(
            "withdraw",
            frozenset({ApplicationState.DRAFT, ApplicationState.SUBMITTED}),
            ApplicationState.WITHDRAWN,
            "applicant",
        ),
        Transition(
            "reject_gate",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.INELIGIBLE,
            "grants.manage",
        ),
        Transition(
            "reinstate",
            frozenset({ApplicationState.INELIGIBLE}),
            ApplicationState.SUBMITTED,
            "grants.manage",
        ),
        Transition(
            "grant",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.GRANTED,
            "grants.manage",
        ),
        Transition(
            "reject",
            frozenset({ApplicationState.SUBMITTED}),
            ApplicationState.REJECTED,
            "grants.manage",
        ),
    ]
}
