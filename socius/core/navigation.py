"""The header's menus as data: every public service, and each staff member's own work.

The header template renders these lists twice (the desktop menu and the mobile drawer), so a
service is added here once. A link whose URL name does not exist (a module that is not
installed, or a page another part of the platform adds later) is left out instead of
breaking every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.access import user_can, user_roles
from socius.core.roles import Capability, roles_with


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    active: bool = False
    current: bool = False


# (label, URL name or path). The everyday names of the public services, in the order a
# first-time visitor meets them. "/viden/" is the knowledge hub's Wagtail root (no URL name).
PUBLIC_SERVICES: tuple[tuple[Promise, str], ...] = (
    (_("Knowledge"), "/viden/"),
    (_("Figures and data"), "/atlas/"),
    (_("Conversations"), "deliberation:conversation-list"),
    (_("Events"), "events:event-list"),
    (_("Citizen proposals"), "proposals:proposal-list"),
    (_("Grants"), "grants:round-list"),
    (_("Find a community"), "advice:community-list"),
    (_("Community advice"), "advice:request-list"),
    (_("Whistleblower"), "whistleblowing:information"),
    (_("My plan"), "plans:about"),
    (_("Citizenship in school"), "school:home"),
    (_("Procurement"), "procurement:home"),
    (_("Programme and council"), "programme:home"),
    (_("Municipalities"), "core:municipality-list"),
    (_("Themes"), "core:theme-list"),
    (_("Organisations"), "core:organisation-list"),
    (_("Support our work"), "support:home"),
)

# (label, URL name or path, capability): the staff pages each role works in. An item shows
# when the person holds the capability (superusers hold every capability).
STAFF_PAGES: tuple[tuple[Promise, str, Capability], ...] = (
    (_("Advice requests"), "advice:queue", Capability.ADVICE_HANDLE),
    (_("Advice figures"), "advice:dashboard", Capability.ADVICE_DASHBOARD),
    (_("Proposals to review"), "proposals:staff-queue", Capability.PROPOSALS_REVIEW),
    (_("Proposal rules"), "proposals:staff-settings", Capability.PROPOSALS_SETTINGS),
    (_("Whistleblower cases"), "whistleblowing:handler-home", Capability.WHISTLEBLOWING_HANDLE),
    (
        _("Identity requests"),
        "whistleblowing:identity-requests",
        Capability.WHISTLEBLOWING_CUSTODIAN,
    ),
    (
        _("Whistleblower channels"),
        "whistleblowing:channel-keys",
        Capability.MUNICIPALITY_MANAGE,
    ),
    (_("Grant reviews"), "grants:review-list", Capability.GRANTS_REVIEW),
    (_("Grant rounds"), "grants:staff-rounds", Capability.GRANTS_MANAGE),
    (_("New conversation"), "deliberation:conversation-create", Capability.DELIBERATION_MODERATE),
    (_("Knowledge hub editor (CMS)"), "/cms/", Capability.KNOWLEDGE_EDIT),
    (_("Housing areas"), "housing:manage", Capability.HOUSING_MANAGE),
    (_("Your events (organiser)"), "events:organiser-list", Capability.EVENTS_MANAGE),
    (_("Treasurer"), "support_treasury:treasurer-home", Capability.SUPPORT_TREASURER),
    (_("Members"), "support:members", Capability.SUPPORT_MEMBERS),
    (_("Contracts and clauses"), "procurement:home", Capability.PROCUREMENT_MANAGE),
    (_("Plans shared with me"), "plans:shared-list", Capability.PLANS_PROFESSIONAL),
    (_("Teams for plans"), "plans:team-list", Capability.PLANS_TEAMS),
    (_("Outcomes of plans"), "plans_outcomes:release-create", Capability.PLANS_OUTCOMES),
    (_("My classes"), "school:class-list", Capability.SCHOOL_TEACH),
    (_("Teachers to verify"), "school:teacher-list", Capability.SCHOOL_TEACHERS_VERIFY),
    (_("New course for the elective"), "school:course-create", Capability.SCHOOL_COURSES),
    (_("Council secretariat"), "council:secretariat", Capability.COUNCIL_SECRETARIAT),
    (_("Programme administration"), "programme:admin-home", Capability.PROGRAMME_MANAGE),
    (_("Audit log"), "core:audit-list", Capability.AUDIT_VIEW),
    # The list of people (with their e-mail addresses) is for administrators alone.
    (
        _("Municipalities taking part"),
        "core:municipality-admin-list",
        Capability.MUNICIPALITY_MANAGE,
    ),
    (_("Administration"), "accounts:staff-people", Capability.PERSON_LIST),
)


def _url(target: str) -> str | None:
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return None


def _link(label: str | Promise, url: str, path: str) -> NavLink:
    # The front page "/" would be active everywhere: only exact matches count for it.
    active = path == url or (url != "/" and path.startswith(url))
    return NavLink(label=label, url=url, active=active, current=path == url)


def main_menu(path: str) -> list[NavLink]:
    """Every public service that exists, the one holding ``path`` marked active."""
    links = []
    for label, target in PUBLIC_SERVICES:
        url = _url(target)
        if url is not None:
            links.append(_link(label, url, path))
    return links


def staff_menu(user: Any, path: str) -> list[NavLink]:
    """The staff pages ``user``'s roles let them work in; empty for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return []
    links = []
    for label, target, capability in STAFF_PAGES:
        url = _url(target)
        if url is not None and user_can(user, capability):
            links.append(_link(label, url, path))
    return links


def staff_menu_key(user: Any) -> str:
    """Which staff pages ``user`` may see, as a short key (``""`` for none): the header's
    cached menus are kept per language, address and this key, so two people with the same
    links share them and nobody sees another role's links."""
    if not getattr(user, "is_authenticated", False):
        return ""
    # user_can for each page, with the person's flags and roles read once (every page of a
    # logged-in member computes this key).
    if not user.is_active:
        return "0" * len(STAFF_PAGES)
    if user.is_superuser:
        return "1" * len(STAFF_PAGES)
    roles = user_roles(user)
    return "".join(
        "1" if roles & roles_with(capability) else "0" for _, _, capability in STAFF_PAGES
    )
