"""Unlocked private keys, in this process's memory only (docs/whistleblowing.md, section 2).

Handlers: the session key (hashed) maps to the handler's private key for the session's life.
Reporters: a random token in a path-limited cookie maps to the report's private key for 30
idle minutes. Nothing here is written to the database, the cache or a cookie. The price: a
restart or another worker process means unlocking again.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

REPORTER_IDLE_SECONDS = 30 * 60
_lock = threading.Lock()


@dataclass
class _Entry:
    key: bytes
    owner: str  # user pk or report public id
    expires: float


_handlers: dict[str, _Entry] = {}
_reporters: dict[str, _Entry] = {}


def _h(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _sweep(store: dict[str, _Entry]) -> None:
    now = time.monotonic()
    for k in [k for k, e in store.items() if e.expires < now]:
        del store[k]


def handler_key_put(session_key: str, user_pk: int, private_key: bytes) -> None:
    with _lock:
        _sweep(_handlers)
        _handlers[_h(session_key)] = _Entry(
            private_key, str(user_pk), time.monotonic() + settings.SESSION_COOKIE_AGE
        )


def handler_key_get(session_key: str | None, user_pk: int) -> bytes | None:
    if not session_key:
        return None
    with _lock:
        entry = _handlers.get(_h(session_key))
        if entry is None or entry.owner != str(user_pk) or entry.expires < time.monotonic():
            return None
        return entry.key


def handler_key_drop(session_key: str | None) -> None:
    if session_key:
        with _lock:
            _handlers.pop(_h(session_key), None)


@receiver(user_logged_out)
def _drop_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    handler_key_drop(getattr(getattr(request, "session", None), "session_key", None))


def reporter_token_new(report_public_id: str, private_key: bytes) -> str:
    token = secrets.token_urlsafe(32)
    with _lock:
        _sweep(_reporters)
        _reporters[_h(token)] = _Entry(
            private_key, report_public_id, time.monotonic() + REPORTER_IDLE_SECONDS
        )
    return token


def reporter_token_get(token: str | None) -> tuple[str, bytes] | None:
    if not token:
        return None
    with _lock:
        entry = _reporters.get(_h(token))
        if entry is None or entry.expires < time.monotonic():
            return None
        entry.expires = time.monotonic() + REPORTER_IDLE_SECONDS
        return entry.owner, entry.key


def reporter_token_drop(token: str | None) -> None:
    if token:
        with _lock:
            _reporters.pop(_h(token), None)


def reporter_tokens_drop_for(report_public_id: str) -> None:
    with _lock:
        for k in [k for k, e in _reporters.items() if e.owner == report_public_id]:
            del _reporters[k]
