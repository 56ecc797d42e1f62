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
from django.db import connections, router

from socius.core.access import ROLE_CACHE
from socius.core.notifications import UNREAD_CACHE


def load_user(user_id: Any) -> Any | None:
    """The person with ``user_id``, their roles and unread count, in one query; or None.

    Plain SQL on a cursor: the same statement through the ORM (two annotated subqueries), or
    even as ``raw()``, costs several times the database's answer before it reaches it. One row
    per role (at least one row), each with the person's columns and the unread count; the
    person is built from the first row as the ORM builds it (``from_db``, with the database's
    converters, so dates and booleans are Python values on SQLite too)."""
    user_model = get_user_model()
    connection = connections[router.db_for_read(user_model)]
    fields, converters, sql = _user_columns(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    count = len(fields)
    values = list(rows[0][:count])
    for index, column, functions in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    user = user_model.from_db(connection.alias, [f.attname for f in fields], values)
    setattr(user, ROLE_CACHE, frozenset(row[count] for row in rows if row[count]))
    setattr(user, UNREAD_CACHE, int(rows[0][count + 1]))
    return user


# Per database alias: the person's concrete fields, the converters of those that have any, and
# the statement that reads them.
_COLUMNS: dict[str, tuple[list[Any], list[tuple[int, Any, list[Any]]], str]] = {}


def _user_columns(connection: Any) -> tuple[list[Any], list[tuple[int, Any, list[Any]]], str]:
    if connection.alias not in _COLUMNS:
        from socius.core.models import Notification, RoleAssignment

        user_model = get_user_model()
        fields = list(user_model._meta.concrete_fields)
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(user_model._meta.db_table)
            functions = connection.ops.get_db_converters(column) + column.get_db_converters(
                connection
            )
            if functions:
                converters.append((index, column, functions))
        users = user_model._meta.db_table
        pk = user_model._meta.pk.column
        roles = RoleAssignment._meta.db_table
        notifications = Notification._meta.db_table
        columns = ", ".join(f'u."{f.column}"' for f in fields)
        # Table and column names from the models; the id is a parameter.
        unread = (
            f'SELECT COUNT(*) FROM "{notifications}" n '  # noqa: S608
            f'WHERE n.recipient_id = u."{pk}" AND n.read_at IS NULL'
        )
        sql = (
            f"SELECT {columns}, r.role, ({unread}) "  # noqa: S608
            f'FROM "{users}" u LEFT OUTER JOIN "{roles}" r ON r.user_id = u."{pk}" '
            f'WHERE u."{pk}" = %s'
        )
        _COLUMNS[connection.alias] = (fields, converters, sql)
    return _COLUMNS[connection.alias]


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
