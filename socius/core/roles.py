"""Roles and what they may do, as data.

A person holds any number of roles. The public roles (citizen, practitioner, researcher,
volunteer, politician) are chosen by the person; the staff roles are granted only by a
municipal administrator. Modules ask ``user_can(user, Capability.X)`` or
``require(user, Capability.X)`` (socius.core.access); they never test role names themselves, so a
change of policy is a change to ``CAPABILITIES`` alone.

``Capability`` is an enum so that mypy rejects a free string or a misspelt name. Stand-in actors
of the workflows ("proposer", "applicant", "system") are not capabilities: no role holds them and
``user_can`` cannot be asked about them; they are ``StandIn`` members, a type of their own.
"""

from __future__ import annotations

from enum import StrEnum

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
    TREASURER = "treasurer", _("Treasurer of the think tank")
    BOARD = "board", _("Board member of the think tank")
    BUYER = "buyer", _("Procurement officer")
    # Chosen by the person like the other public roles; the school module lets a teacher
    # create classes only once the municipality's administrator has verified them.
    TEACHER = "teacher", _("Teacher")


STAFF_ROLES: frozenset[str] = frozenset(
    {
        Role.EDITOR,
        Role.ADVISOR,
        Role.CASE_HANDLER,
        Role.ADMINISTRATOR,
        Role.TREASURER,
        Role.BOARD,
        Role.BUYER,
    }
)
PUBLIC_ROLES: frozenset[str] = frozenset(set(Role.values) - STAFF_ROLES)


class Capability(StrEnum):
    """What a role lets a person do; the value is the name used in templates and docs."""

    THEME_EDIT = "theme.edit"
    ROLE_GRANT_STAFF = "role.grant_staff"
    PERSON_LIST = "person.list"
    POLITICIAN_VERIFY = "politician.verify"
    AUDIT_VIEW = "audit.view"
    MUNICIPALITY_MANAGE = "municipality.manage"
    GRANTS_MANAGE = "grants.manage"
    GRANTS_REVIEW = "grants.review"
    WHISTLEBLOWING_HANDLE = "whistleblowing.handle"
    WHISTLEBLOWING_CUSTODIAN = "whistleblowing.custodian"
    PROPOSALS_REVIEW = "proposals.review"
    PROPOSALS_COUNCIL = "proposals.council"
    PROPOSALS_PAPER = "proposals.paper"
    PROPOSALS_EXPORT = "proposals.export"
    PROPOSALS_SETTINGS = "proposals.settings"
    ADVICE_HANDLE = "advice.handle"
    ADVICE_DASHBOARD = "advice.dashboard"
    DELIBERATION_MODERATE = "deliberation.moderate"
    DELIBERATION_SOLUTION = "deliberation.solution"
    KNOWLEDGE_EDIT = "knowledge.edit"
    ATLAS_MANAGE = "atlas.manage"
    ATLAS_DATASET_PUBLISH = "atlas.dataset_publish"
    ATLAS_DATASET_REVIEW = "atlas.dataset_review"
    HOUSING_MANAGE = "housing.manage"
    EVENTS_MANAGE = "events.manage"
    SUPPORT_TREASURER = "support.treasurer"
    SUPPORT_MEMBERS = "support.members"
    SUPPORT_NEWSLETTER = "support.newsletter"
    PROCUREMENT_MANAGE = "procurement.manage"
    PROCUREMENT_LIBRARY = "procurement.library"
    PROCUREMENT_COMPANIES = "procurement.companies"
    PLANS_PROFESSIONAL = "plans.professional"
    PLANS_TEAMS = "plans.teams"
    PLANS_OUTCOMES = "plans.outcomes"
    SCHOOL_TEACH = "school.teach"
    SCHOOL_TEACHERS_VERIFY = "school.teachers_verify"
    SCHOOL_COURSES = "school.courses"
    COUNCIL_SECRETARIAT = "council.secretariat"
    COUNCIL_COMPOSITION = "council.composition"
    ENDORSEMENTS_INVITE = "council.endorsements_invite"
    PROGRAMME_MANAGE = "programme.manage"
    PROGRAMME_REPORT = "programme.report"
    THREADS_EDIT = "threads.edit"


# capability -> roles that hold it. Superusers hold every capability.
CAPABILITIES: dict[Capability, frozenset[str]] = {
    Capability.THEME_EDIT: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    Capability.ROLE_GRANT_STAFF: frozenset({Role.ADMINISTRATOR}),
    # The people list shows every e-mail address: administrators only, not every staff role.
    Capability.PERSON_LIST: frozenset({Role.ADMINISTRATOR}),
    Capability.POLITICIAN_VERIFY: frozenset(STAFF_ROLES),
    Capability.AUDIT_VIEW: frozenset({Role.ADMINISTRATOR}),
    # Which municipalities take part, and who answers for their schemes.
    Capability.MUNICIPALITY_MANAGE: frozenset({Role.ADMINISTRATOR}),
    # Grants: case handlers and administrators run rounds; staff they assign review.
    Capability.GRANTS_MANAGE: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.GRANTS_REVIEW: frozenset({Role.ADVISOR, Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    # Whistleblowing: handlers must also be named on the channel; custodians approve the
    # disclosure of a reporter's identity and never read reports by this capability alone.
    Capability.WHISTLEBLOWING_HANDLE: frozenset({Role.CASE_HANDLER}),
    Capability.WHISTLEBLOWING_CUSTODIAN: frozenset({Role.ADMINISTRATOR}),
    # Citizen proposals: case handlers review and serve the council; administrators set rules.
    Capability.PROPOSALS_REVIEW: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.PROPOSALS_COUNCIL: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.PROPOSALS_PAPER: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.PROPOSALS_EXPORT: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.PROPOSALS_SETTINGS: frozenset({Role.ADMINISTRATOR}),
    # Community advice: advisors work the queue; administrators too, and see the numbers.
    Capability.ADVICE_HANDLE: frozenset({Role.ADVISOR, Role.ADMINISTRATOR}),
    Capability.ADVICE_DASHBOARD: frozenset({Role.ADVISOR, Role.ADMINISTRATOR}),
    # Deliberation: editors open conversations, moderate statements and draft solutions.
    Capability.DELIBERATION_MODERATE: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    Capability.DELIBERATION_SOLUTION: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # Knowledge hub: editors write and review publications in the Wagtail admin (/cms/).
    Capability.KNOWLEDGE_EDIT: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # Atlas: editors and administrators keep indicators and sources; researchers publish
    # datasets, which editors can take down; municipal administrators keep housing areas.
    Capability.ATLAS_MANAGE: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    Capability.ATLAS_DATASET_PUBLISH: frozenset({Role.RESEARCHER, Role.EDITOR, Role.ADMINISTRATOR}),
    Capability.ATLAS_DATASET_REVIEW: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    Capability.HOUSING_MANAGE: frozenset({Role.ADMINISTRATOR}),
    # Events: editors hold the think tank's events, administrators the municipality's;
    # an organisation's own events are managed by its contacts and board (events.access).
    Capability.EVENTS_MANAGE: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # Support: the treasurer alone keeps the money, the campaigns and the donors' CPR numbers
    # for the tax report; the board sees the list of members, never a CPR number.
    Capability.SUPPORT_TREASURER: frozenset({Role.TREASURER}),
    Capability.SUPPORT_MEMBERS: frozenset({Role.TREASURER, Role.BOARD}),
    # The newsletter is written by the editors (and the treasurer, who runs the membership).
    Capability.SUPPORT_NEWSLETTER: frozenset({Role.EDITOR, Role.TREASURER}),
    # Procurement: buyers keep the municipality's contracts, decide on clauses and follow up
    # suppliers' reports; administrators keep the rules, the thresholds and the clause library,
    # and the municipality's own companies and spin-offs. Suppliers act for their organisation.
    Capability.PROCUREMENT_MANAGE: frozenset({Role.BUYER, Role.ADMINISTRATOR}),
    Capability.PROCUREMENT_LIBRARY: frozenset({Role.ADMINISTRATOR}),
    Capability.PROCUREMENT_COMPANIES: frozenset({Role.ADMINISTRATOR}),
    # Min plan: a citizen shares their plan with a named professional (a case handler, or a
    # practitioner such as an association's mentor) or a team; the capability only lets a
    # person be chosen, never reach a plan (plans.access). Administrators keep the teams and
    # release the outcome statistics.
    Capability.PLANS_PROFESSIONAL: frozenset({Role.CASE_HANDLER, Role.PRACTITIONER}),
    Capability.PLANS_TEAMS: frozenset({Role.ADMINISTRATOR}),
    Capability.PLANS_OUTCOMES: frozenset({Role.ADMINISTRATOR}),
    # The citizenship elective: a teacher runs classes once verified (school.access checks the
    # verification as well); the municipality's administrator verifies teachers; editors and
    # administrators describe the municipality's course and review its lesson plans.
    Capability.SCHOOL_TEACH: frozenset({Role.TEACHER}),
    Capability.SCHOOL_TEACHERS_VERIFY: frozenset({Role.ADMINISTRATOR}),
    Capability.SCHOOL_COURSES: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # The council: the secretariat (case handlers and administrators) registers items, puts
    # them on meetings and records decisions and votes; administrators keep the composition
    # (seats, blocs, committees). Editors invite every party to endorse a recommendation.
    Capability.COUNCIL_SECRETARIAT: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.COUNCIL_COMPOSITION: frozenset({Role.ADMINISTRATOR}),
    Capability.ENDORSEMENTS_INVITE: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    # The programme: administrators and case handlers keep commitments, actions, milestones
    # and measures; administrators publish the yearly report. Editors and administrators link
    # steps of a thread by hand.
    Capability.PROGRAMME_MANAGE: frozenset({Role.CASE_HANDLER, Role.ADMINISTRATOR}),
    Capability.PROGRAMME_REPORT: frozenset({Role.ADMINISTRATOR}),
    Capability.THREADS_EDIT: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
}


def roles_with(capability: Capability) -> frozenset[str]:
    """The roles that hold ``capability``; an unknown capability is a programming error."""
    return CAPABILITIES[capability]
