"""Case states and transitions as data (ISO 37002: receive, assess, address, conclude).

The engine is socius.core.workflows. Each transition names in ``requires`` what the handler
must give: a message to the reporter (always allowed, required where the law expects the
reporter to hear from us) and a reason (out of scope). Every step is audited as one action,
"case status changed", with the states before and after.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workflows import StandIn, Transition, Workflow
from socius.whistleblowing.audit import AUDIT_CASE_STATE


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_SCOPE = "in_scope", _("Assessed: in scope")
    OUT_OF_SCOPE = "out_of_scope", _("Assessed: out of scope")
    INVESTIGATING = "investigating", _("Investigating")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")


# Set by whistleblowing.access on a report it has just found for a handler: the pk of that
# handler. The services' check then needs no query for the same instance; a report loaded in
# any other way carries no mark and is checked against the database.
_CHECKED_FOR = "_socius_checked_handler_pk"


def report_checked_for(report: Any, actor: Any) -> None:
    """Mark ``report`` (this instance only) as found for ``actor`` by the handler lookup."""
    setattr(report, _CHECKED_FOR, actor.pk)


def report_handled_by(actor: Any, report: Any) -> bool:
    """Whether ``actor`` is a handler of the report's channel whom the reporter has not
    excluded (the services' check; views find reports through whistleblowing.access)."""
    if not user_can(actor, Capability.WHISTLEBLOWING_HANDLE):
        return False
    if actor.pk is not None and getattr(report, _CHECKED_FOR, None) == actor.pk:
        return True
    return bool(
        report.channel.handlers.filter(pk=actor.pk).exists()
        and not report.excluded_handlers.filter(pk=actor.pk).exists()
    )


# A handler of the case: a person with the capability who handles the report's channel and
# whom the reporter has not excluded (whistleblowing.access).
HANDLER = StandIn("handler", _("a handler of the case"))
_HANDLER = frozenset({HANDLER})
_MESSAGE = frozenset({"message"})
_S = CaseState

CASE_WORKFLOW = Workflow(
    name="whistleblowing.case",
    noun=_("the case"),
    states=CaseState,
    stand_ins={HANDLER: report_handled_by},
    transitions=(
        Transition(
            "acknowledge",
            frozenset({_S.RECEIVED}),
            _S.ACKNOWLEDGED,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Acknowledge receipt"),
            requires=_MESSAGE,
        ),
        Transition(
            "assess_in",
            frozenset({_S.ACKNOWLEDGED}),
            _S.IN_SCOPE,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Assess: in scope"),
        ),
        Transition(
            "assess_out",
            frozenset({_S.ACKNOWLEDGED}),
            _S.OUT_OF_SCOPE,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Assess: out of scope"),
            requires=frozenset({"message", "reason"}),
        ),
        Transition(
            "investigate",
            frozenset({_S.IN_SCOPE}),
            _S.INVESTIGATING,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Start the investigation"),
        ),
        Transition(
            "feedback",
            frozenset({_S.IN_SCOPE, _S.INVESTIGATING}),
            _S.FEEDBACK_GIVEN,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Give feedback"),
            requires=_MESSAGE,
        ),
        Transition(
            "close",
            frozenset({_S.FEEDBACK_GIVEN, _S.OUT_OF_SCOPE}),
            _S.CLOSED,
            AUDIT_CASE_STATE,
            stand_ins=_HANDLER,
            label=_("Close the case"),
        ),
    ),
)
