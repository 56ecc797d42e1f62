"""Roles and what they may do, as data.

A person holds any number of roles. The public roles (citizen, practitioner, researcher,
volunteer, politician) are chosen by the person; the staff roles are granted only by a
municipal administrator. Modules ask ``user_can(user, capability)``; they never test role
names themselves, so a change of policy is a change to ``CAPABILITIES`` alone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen or user of services")
    PRACTITIONER = "practitioner", _("Practitioner")
    RESEARCHER = "researcher", _("Researcher")
    VOLUNTEER = "volunteer", _("Volunteer")
    POLITICIAN = "politician", _("Politician")
    EDITOR = "editor", _("Editor")
    ADVISOR = "advisor", _("Community advisor")
    CASE_HANDLER = "case_handler", _("Case handler")
    ADMINISTRATOR = "administrator", _("Municipal administrator")


STAFF_ROLES: frozenset[str] = frozenset(
    {Role.EDITOR, Role.ADVISOR, Role.CASE_HANDLER, Role.ADMINISTRATOR}
)
PUBLIC_ROLES: frozenset[str] = frozenset(set(Role.values) - STAFF_ROLES)

# capability -> roles that hold it. Superusers hold every capability.
CAPABILITIES: dict[str, frozenset[str]] = {
    "theme.edit": frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    "role.grant_staff": frozenset({Role.ADMINISTRATOR}),
    "person.list": frozenset(STAFF_ROLES),
    "politician.verify": frozenset(STAFF_ROLES),
    "audit.view": frozenset({Role.ADMINISTRATOR}),
    # Which municipalities take part, and who answers for their schemes.
    "municipality.manage": frozenset({Role.ADMINISTRATOR}),
    # Grants: case handlers and administrators run rounds; staff they assign review.
    "grants.manage": frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    "grants.review": frozenset({Role.ADVISOR, Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    # Whistleblowing: handlers must also be named on the channel; custodians approve the
    # disclosure of a reporter's identity and never read reports by this capability alone.
    "whistleblowing.handle": frozenset({Role.CASE_HANDLER}),
    "whistleblowing.custodian": frozenset({Role.ADMINISTRATOR}),
    # Citizen proposals: case handlers review and serve the council; administrators set rules.
    "proposals.review": frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    "proposals.council": frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    "proposals.paper": frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    "proposals.export": frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    "proposals.settings": frozenset({Role.ADMINISTRATOR}),
    # Community advice: advisors work the queue; administrators too, and see the numbers.
    "advice.handle": frozenset({Role.ADVISOR, Role.ADMINISTRATOR}),
    "advice.dashboard": frozenset({Role.ADVISOR, Role.ADMINISTRATOR}),
    # Deliberation: editors open conversations, moderate statements and draft solutions.
    "deliberation.moderate": frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    "deliberation.solution": frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # Knowledge hub: editors write and review publications in the Wagtail admin (/cms/).
    "knowledge.edit": frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
}


def roles_with(capability: str) -> frozenset[str]:
    """The roles that hold ``capability``; an unknown capability is a programming error."""
    return CAPABILITIES[capability]
