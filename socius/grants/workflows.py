"""Grant states and who may move an application or a round between them, as data.

A transition names the states it leaves from, the state it reaches, who may take it and the
audit action it writes (the engine is socius.core.workflows). ``ORGANISATION`` is a contact
or board member of the applying organisation.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability
from socius.core.workflows import ORGANISATION, Transition, Workflow, acts_for_organisation
from socius.grants import audit


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


MANAGE = frozenset({Capability.GRANTS_MANAGE})
APPLICANT = frozenset({ORGANISATION})
_R = RoundState
_A = ApplicationState

ROUND_WORKFLOW = Workflow(
    name="grants.round",
    noun=_("the round"),
    states=RoundState,
    transitions=(
        Transition("open", frozenset({_R.DRAFT}), _R.OPEN, audit.AUDIT_ROUND_OPENED, MANAGE),
        Transition("close", frozenset({_R.OPEN}), _R.CLOSED, audit.AUDIT_ROUND_CLOSED, MANAGE),
        # Each run of the optimiser proposes amounts anew, until the committee decides.
        Transition(
            "allocate",
            frozenset({_R.CLOSED, _R.ALLOCATED}),
            _R.ALLOCATED,
            audit.AUDIT_ALLOCATION_RUN,
            MANAGE,
        ),
        Transition(
            "decide", frozenset({_R.ALLOCATED}), _R.DECIDED, audit.AUDIT_ROUND_DECIDED, MANAGE
        ),
    ),
)

APPLICATION_WORKFLOW = Workflow(
    name="grants.application",
    noun=_("the application"),
    states=ApplicationState,
    stand_ins={ORGANISATION: acts_for_organisation},
    transitions=(
        Transition(
            "submit",
            frozenset({_A.DRAFT}),
            _A.SUBMITTED,
            audit.AUDIT_APPLICATION_SUBMITTED,
            stand_ins=APPLICANT,
        ),
        Transition(
            "withdraw",
            frozenset({_A.DRAFT, _A.SUBMITTED}),
            _A.WITHDRAWN,
            audit.AUDIT_APPLICATION_WITHDRAWN,
            stand_ins=APPLICANT,
        ),
        Transition(
            "reject_gate",
            frozenset({_A.SUBMITTED}),
            _A.INELIGIBLE,
            audit.AUDIT_APPLICATION_INELIGIBLE,
            MANAGE,
        ),
        Transition(
            "reinstate",
            frozenset({_A.INELIGIBLE}),
            _A.SUBMITTED,
            audit.AUDIT_APPLICATION_REINSTATED,
            MANAGE,
        ),
        Transition(
            "grant", frozenset({_A.SUBMITTED}), _A.GRANTED, audit.AUDIT_APPLICATION_GRANTED, MANAGE
        ),
        Transition(
            "reject",
            frozenset({_A.SUBMITTED}),
            _A.REJECTED,
            audit.AUDIT_APPLICATION_REJECTED,
            MANAGE,
        ),
    ),
)
