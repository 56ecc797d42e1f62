"""The one door to roles, capabilities and protected core objects.

"Missing" and "forbidden" look the same to the caller (Http404), so probing ids reveals
nothing about what exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from socius.core.models import Membership, Organisation
from socius.core.roles import STAFF_ROLES, roles_with

if TYPE_CHECKING:
    from socius.accounts.models import User

_ROLE_CACHE = "_socius_roles"


def request_user(request: HttpRequest) -> User:
    """The logged-in person behind ``request``; views behind ``login_required`` use this."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast("User", request.user)


def user_roles(user: Any) -> frozenset[str]:
    """The roles ``user`` holds, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _ROLE_CACHE, None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("role", flat=True))
        setattr(user, _ROLE_CACHE, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the per-object role cache after roles changed."""
    if hasattr(user, _ROLE_CACHE):
        delattr(user, _ROLE_CACHE)


def user_has_role(user: Any, role: str) -> bool:
    return role in user_roles(user)


def user_is_staff(user: Any) -> bool:
    """True for holders of a staff role and for Django staff and superusers: they must use MFA."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user_roles(user) & STAFF_ROLES)


def users_with_capability(capability: str) -> QuerySet[Any]:
    """Active people who hold ``capability`` through a role (not superusers by that alone)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=roles_with(capability))
        .distinct()
    )


def user_can(user: Any, capability: str) -> bool:
    """Whether ``user`` holds ``capability`` (see roles.CAPABILITIES)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & roles_with(capability))


# Contacts and board members act for their organisation: apply for grants, list communities.
ACTING_ROLES = (Membership.Role.CONTACT, Membership.Role.BOARD_MEMBER)


def user_acts_for_organisation(user: Any, organisation_id: int) -> bool:
    """Whether ``user`` is a contact or board member of the organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role__in=ACTING_ROLES
    ).exists()


def organisation_for_manage(*, user: Any, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may manage it (a contact, or an administrator)."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None or not organisation_can_manage(user=user, organisation=org):
        raise Http404
    return org


def organisation_can_manage(*, user: Any, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user_can(user, "role.grant_staff"):
        return True
    return Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.CONTACT
    ).exists()
