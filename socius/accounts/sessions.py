"""The session engine: Django's database sessions, read with one plain SELECT.

Every request of a logged-in member reads its session row. Django's store builds that query
through the ORM on each request, which costs more than the database's answer; this store sends
the same statement (the key, and only while it has not expired) as plain SQL. Writing, expiry,
logout and ``clearsessions`` are Django's own, and the rows are the same, so a session ends
(logout, "log out everywhere", a deleted row) exactly as before.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        # The table name comes from the model; the key and the time are parameters.
        sql = (
            f'SELECT "session_data" FROM "{model._meta.db_table}" '  # noqa: S608
            'WHERE "session_key" = %s AND "expire_date" > %s'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=str(self.session_key), session_data=row[0])
