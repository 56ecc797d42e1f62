"""The one door to roles, capabilities and protected core objects.

The rule (docs/architecture.md, "Access"):

- A page a person knows of but lacks the role for (a staff queue, staff settings, a dashboard,
  the audit log) answers 403: ``@capability_required(Capability.X)`` on the view, or
  ``require(user, Capability.X)`` in a service. It is checked before any lookup, so the answer
  never depends on which id the URL names.
- An object a person may not know exists (another organisation's application, a case, a plan,
  a request, a draft) answers 404 for missing and forbidden alike: the module's ``access.py``
  lookup raises ``Http404``, so probing ids reveals nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from socius.core.models import Membership, Organisation
from socius.core.roles import STAFF_ROLES, Capability, roles_with

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from socius.accounts.models import User

type Viewer = User | AnonymousUser
"""Whoever asks: a logged-in person or an anonymous visitor (``request.user``)."""

# Where the roles are kept on the person object (also filled by accounts.backends).
ROLE_CACHE = "_socius_roles"
# Where the authentication middleware (socius/accounts/middleware.py) also puts the person it
# loaded: (the lazy ``request.user`` it set, the model instance behind it). Reading many
# attributes through the lazy object (as the personal header's cache key does) costs a call
# each; the instance is the same object, so it sees every change made through either.
REQUEST_PERSON = "_socius_person"


def request_user(request: HttpRequest) -> User:
    """The logged-in person behind ``request``; views behind ``login_required`` use this."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast("User", request.user)


def user_roles(user: Viewer) -> frozenset[str]:
    """The roles ``user`` holds, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, ROLE_CACHE, None)
    if cached is None:
        cached = frozenset(cast("User", user).role_assignments.values_list("role", flat=True))
        setattr(user, ROLE_CACHE, cached)
    return cached


def forget_roles(user: Viewer) -> None:
    """Drop the per-object role cache after roles changed."""
    if hasattr(user, ROLE_CACHE):
        delattr(user, ROLE_CACHE)


def user_has_role(user: Viewer, role: str) -> bool:
    return role in user_roles(user)


def user_is_staff(user: Viewer | None) -> bool:
    """True for holders of a staff role and for Django staff and superusers: they must use MFA."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or user_roles(user) & STAFF_ROLES)


def users_with_capability(capability: Capability) -> QuerySet[User]:
    """Active people who hold ``capability`` through a role (not superusers by that alone)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=roles_with(capability))
        .distinct()
    )


def user_can(user: Viewer | None, capability: Capability) -> bool:
    """Whether ``user`` holds ``capability`` (see roles.CAPABILITIES)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & roles_with(capability))


def require(user: Viewer | None, capability: Capability) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` holds ``capability``.

    For services (before they write anything) and for views that cannot use the decorator."""
    if not user_can(user, capability):
        raise PermissionDenied


def capability_required[V: Callable[..., HttpResponse]](
    capability: Capability, *alternatives: Capability
) -> Callable[[V], V]:
    """View decorator for a page a person knows of: log in first, then 403 without the role.

    ``@capability_required(Capability.A, Capability.B)`` lets in holders of either."""
    wanted = (capability, *alternatives)

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(user_can(request.user, c) for c in wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast("V", login_required(wrapped))

    return decorator


# Contacts and board members act for their organisation: apply for grants, list communities.
ACTING_ROLES = (Membership.Role.CONTACT, Membership.Role.BOARD_MEMBER)


def user_acts_for_organisation(user: Viewer, organisation_id: int) -> bool:
    """Whether ``user`` is a contact or board member of the organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=cast("User", user), organisation_id=organisation_id, role__in=ACTING_ROLES
    ).exists()


def organisation_for_manage(*, user: User, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may manage it (a contact, or an administrator)."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None or not organisation_can_manage(user=user, organisation=org):
        raise Http404
    return org


def organisation_can_manage(*, user: User, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user_can(user, Capability.ROLE_GRANT_STAFF):
        return True
    return Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.CONTACT
    ).exists()
