"""Advice-request states and who may move a request between them, as data.

A transition names the states it leaves from, the state it reaches, who may take it and the
audit action it writes (the engine is socius.core.workflows). ``ORGANISATION`` is a contact
or board member of the organisation that asked. Sending a message moves a request too: the
advisor's answer waits for the organisation, the organisation's reply puts the request back
with the advisor.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.advice import audit
from socius.core.roles import Capability
from socius.core.workflows import ORGANISATION, Transition, Workflow, acts_for_organisation


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_ORGANISATION = "awaiting_organisation", _("Waiting for the organisation")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = frozenset(
    {RequestState.NEW, RequestState.IN_PROGRESS, RequestState.AWAITING_ORGANISATION}
)

_S = RequestState
_HANDLE = frozenset({Capability.ADVICE_HANDLE})
_ORGANISATION = frozenset({ORGANISATION})

REQUEST_WORKFLOW = Workflow(
    name="advice.request",
    noun=_("the request"),
    states=RequestState,
    stand_ins={ORGANISATION: acts_for_organisation},
    transitions=(
        Transition(
            "start", frozenset({_S.NEW}), _S.IN_PROGRESS, audit.AUDIT_REQUEST_STARTED, _HANDLE
        ),
        Transition(
            "answer", OPEN_STATES, _S.AWAITING_ORGANISATION, audit.AUDIT_REQUEST_ANSWERED, _HANDLE
        ),
        Transition(
            "reply",
            frozenset({_S.AWAITING_ORGANISATION}),
            _S.IN_PROGRESS,
            audit.AUDIT_REQUEST_REPLIED,
            stand_ins=_ORGANISATION,
        ),
        Transition("close", OPEN_STATES, _S.CLOSED, audit.AUDIT_REQUEST_CLOSED, _HANDLE),
        Transition(
            "reopen",
            frozenset({_S.CLOSED}),
            _S.IN_PROGRESS,
            audit.AUDIT_REQUEST_REOPENED,
            _HANDLE,
        ),
        Transition(
            "withdraw",
            OPEN_STATES,
            _S.WITHDRAWN,
            audit.AUDIT_REQUEST_WITHDRAWN,
            stand_ins=_ORGANISATION,
        ),
    ),
)
