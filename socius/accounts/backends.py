"""Authentication backends that read the logged-in person in one query.

Django's ``ModelBackend.get_user`` reads the person, and every page then asks for their roles
(``core.access.user_roles``, first of all in ``StaffMFAMiddleware``) and for their unread
notifications (the header's badge): three queries on every request of a logged-in member. These
backends read the person with both in one query (two correlated subqueries) and leave the
answers where ``user_roles`` and the header look first.

Only the reading of the person changes. Django's ``get_user`` still checks the session's
password hash against the person it gets back (a changed password ends other sessions), and
``authenticate`` is the unchanged code of Django and allauth. Threat model: the roles are read
in the same statement as the person, so they are never older than the request; a role granted
or withdrawn during a request is dropped from the person by ``core.access.forget_roles`` as
before.

Sessions written before these backends name Django's and allauth's classes;
``accounts.middleware.AuthenticationMiddleware`` moves them onto these, so nobody is logged out
by the change (``LEGACY_BACKENDS``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from socius.core.access import ROLE_CACHE
from socius.core.notifications import UNREAD_CACHE


def load_user(user_id: Any) -> Any | None:
    """The person with ``user_id``, their roles and unread count, in one query; or None.

    Plain SQL: the same statement through the ORM (two annotated subqueries) costs several
    times the three simple queries it replaces in Python, before the database sees it. One row
    per role (at least one row), each with the person's columns and the unread count."""
    from socius.core.models import Notification, RoleAssignment

    user_model = get_user_model()
    users = user_model._meta.db_table
    pk = user_model._meta.pk.column
    roles = RoleAssignment._meta.db_table
    notifications = Notification._meta.db_table
    # Table and column names from the models; the id is a parameter.
    unread = (
        f'SELECT COUNT(*) FROM "{notifications}" n '  # noqa: S608
        f'WHERE n.recipient_id = u."{pk}" AND n.read_at IS NULL'
    )
    sql = (
        f"SELECT u.*, r.role AS socius_role, ({unread}) AS socius_unread "  # noqa: S608
        f'FROM "{users}" u LEFT OUTER JOIN "{roles}" r ON r.user_id = u."{pk}" '
        f'WHERE u."{pk}" = %s'
    )
    rows: list[Any] = list(user_model._default_manager.raw(sql, [user_id]))
    if not rows:
        return None
    user = rows[0]
    setattr(user, ROLE_CACHE, frozenset(row.socius_role for row in rows if row.socius_role))
    setattr(user, UNREAD_CACHE, int(user.socius_unread))
    return user


class _OneQueryGetUser:
    def get_user(self, user_id: Any) -> Any | None:
        user = load_user(user_id)
        if user is None or not self.user_can_authenticate(user):  # type: ignore[attr-defined]
            return None
        return user


class ModelBackend(_OneQueryGetUser, DjangoModelBackend):
    """Django's backend (used by ``force_login`` and the admin), reading the person in one query."""


class AuthenticationBackend(_OneQueryGetUser, AllauthBackend):
    """allauth's backend (log-in by e-mail), reading the person in one query."""


# The backends sessions named before this module existed, and the class that replaces each.
LEGACY_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "socius.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "socius.accounts.backends.AuthenticationBackend"
    ),
}
