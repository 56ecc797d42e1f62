"""The session engine: Django's database sessions, read with one plain SELECT.

Every request of a logged-in member reads its session row. Django's store builds that query
through the ORM on each request, which costs more than the database's answer; this store sends
the same statement (the key, and only while it has not expired) as plain SQL. Writing, expiry,
logout and ``clearsessions`` are Django's own, and the rows are the same, so a session ends
(logout, "log out everywhere", a deleted row) exactly as before.

The stored data is signed; checking the signature (and unpacking it) costs about as much as
reading the row. Each process keeps, for the last ``VERIFIED_MAX`` stored values it has checked,
the payload they carry: the same stored text, read again, is not checked again. Threat model:
the row is still read on every request, so a session that ended is gone at once; the kept
payload is only ever the one that this exact text was verified to carry, so nothing can be
made to pass that would not pass the check; each request gets a fresh copy of it, so nothing
one request changes reaches another. A secret key taken out of ``SECRET_KEY_FALLBACKS`` stops
counting for kept texts when the processes restart, as any change of settings does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

VERIFIED_MAX = 10_000
# (the store's signing salt, the stored text) -> the payload that text was verified to carry
_verified: OrderedDict[tuple[str, str | bytes], bytes] = OrderedDict()
_verified_lock = threading.Lock()


class SessionStore(db.SessionStore):
    def decode(self, session_data: str | bytes) -> dict[str, Any]:
        key = (self.key_salt, session_data)
        with _verified_lock:
            payload = _verified.get(key)
            if payload is not None:
                _verified.move_to_end(key)
        serializer = self.serializer()
        if payload is not None:
            kept: dict[str, Any] = serializer.loads(payload)  # a fresh copy
            return kept
        decoded: dict[str, Any] = super().decode(session_data)
        if decoded:  # an empty result is a bad signature or an empty session: not kept
            payload = serializer.dumps(decoded)
            with _verified_lock:
                _verified[key] = payload
                while len(_verified) > VERIFIED_MAX:
                    _verified.popitem(last=False)
        return decoded

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
