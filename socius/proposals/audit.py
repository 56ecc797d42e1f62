"""Citizen proposals' audit actions, with their readable names for the audit log page.

The codes are what the log has stored since the module began ("proposals.publish"), so they
keep their short form."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("proposals", _("Citizen proposals"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_PROPOSAL_CREATED = _action("proposals.create", _("Proposal started"))
AUDIT_PROPOSAL_UPDATED = _action("proposals.update", _("Proposal draft changed"))
AUDIT_COPROPOSERS_INVITED = _action("proposals.coproposers.invite", _("Co-proposers invited"))
AUDIT_COPROPOSER_CONFIRMED = _action("proposals.coproposer.confirm", _("Co-proposer confirmed"))
AUDIT_PROPOSAL_INVITED = _action("proposals.invite", _("Proposal waits for co-proposers"))
AUDIT_PROPOSAL_SUBMITTED = _action("proposals.submit", _("Proposal submitted for review"))
AUDIT_PROPOSAL_REJECTED = _action("proposals.reject", _("Proposal rejected"))
AUDIT_PROPOSAL_PUBLISHED = _action("proposals.publish", _("Proposal published"))
AUDIT_PROPOSAL_THRESHOLD = _action("proposals.reach_threshold", _("Signature threshold reached"))
AUDIT_PROPOSAL_COUNCIL = _action("proposals.council", _("Proposal put on the council's agenda"))
AUDIT_PROPOSAL_DECIDED = _action("proposals.decide", _("Council's decision recorded"))
AUDIT_PROPOSAL_WITHDRAWN = _action("proposals.withdraw", _("Proposal withdrawn"))
AUDIT_PROPOSAL_EXPIRED = _action("proposals.expire", _("Proposal expired"))
AUDIT_PROPOSAL_CORRECTED = _action("proposals.correct", _("Published proposal corrected"))
AUDIT_PROPOSAL_OVERDUE = _action("proposals.overdue", _("Council's deadline passed"))
AUDIT_SETTINGS_CHANGED = _action("proposals.settings", _("Scheme rules changed"))
AUDIT_PAPER_SIGNATURE_ADDED = _action("proposals.paper.add", _("Paper signature entered"))
AUDIT_SIGNERS_EXPORTED = _action("proposals.signers.export", _("Signer list downloaded"))
