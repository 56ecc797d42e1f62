"""A council item's states and who may move it, as data (the engine is core.workflows).

registered → scheduled (on a meeting of the council or a committee) → decided; a referral to
a committee takes a scheduled item back to registered, with the committee named, until the
committee's meeting. Registered and scheduled items can be withdrawn. A decided item is
final: only a follow-up note can be added to it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socius.core.roles import Capability
from socius.core.workflows import Transition, Workflow
from socius.council import audit_items as audit
from socius.council.models import ItemState

S = ItemState
_SECRETARIAT = frozenset({Capability.COUNCIL_SECRETARIAT})

ITEM_WORKFLOW = Workflow(
    name="council.item",
    noun=_("the council item"),
    states=ItemState,
    transitions=(
        Transition(
            "schedule",
            frozenset({S.REGISTERED, S.SCHEDULED}),
            S.SCHEDULED,
            audit.AUDIT_ITEM_SCHEDULED,
            _SECRETARIAT,
        ),
        Transition(
            "decide", frozenset({S.SCHEDULED}), S.DECIDED, audit.AUDIT_ITEM_DECIDED, _SECRETARIAT
        ),
        Transition(
            "refer",
            frozenset({S.SCHEDULED}),
            S.REGISTERED,
            audit.AUDIT_ITEM_REFERRED,
            _SECRETARIAT,
        ),
        Transition(
            "withdraw",
            frozenset({S.REGISTERED, S.SCHEDULED}),
            S.WITHDRAWN,
            audit.AUDIT_ITEM_WITHDRAWN,
            _SECRETARIAT,
        ),
    ),
)
