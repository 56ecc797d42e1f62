"""Unlocked private keys, split between the server and the browser (docs/whistleblowing.md §2).

Threat model. An unlocked key (a handler's private key for the session, a reporter's report key
while the inbox is open) must be usable by any web process, yet nothing at rest may open it.
So the key is stored in the database only under SecretBox(wrap key) (`UnlockedKey`), and the
random 32-byte wrap key lives only in the person's browser, in an HttpOnly cookie:
- a database dump, a backup or a superuser (adversaries C and E) gets ciphertext;
- a stolen session cookie without the unlock cookie opens nothing (the handler's row is also
  bound to the session key and the user);
- a stolen unlock cookie opens nothing once the row is gone: at logout, "lock", "close the
  inbox", case deletion, or expiry (the session age for handlers, 30 idle minutes for
  reporters);
- a running web process sees the key while it serves a request, as before (trusted while it
  runs). Rows are looked up by a SHA-256 of the session key or token, never the value itself.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from socius.whistleblowing import crypto
from socius.whistleblowing.models import UnlockedKey

if TYPE_CHECKING:
    from socius.accounts.models import User


REPORTER_IDLE_SECONDS = 30 * 60
# A reporter's row is pushed forward at most once a minute, not on every request.
_SLIDE_STEP = datetime.timedelta(seconds=60)
HANDLER_COOKIE = "wb_unlock"
HANDLER_COOKIE_PATH = "/whistleblower/behandling/"
_WRAP_BYTES = 32


def _lookup(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _wrap_encode(wrap: bytes) -> str:
    return base64.urlsafe_b64encode(wrap).decode().rstrip("=")


def _wrap_decode(text: str | None) -> bytes | None:
    if not text or len(text) != 43:
        return None
    try:
        wrap = base64.urlsafe_b64decode(text + "=")
    except (binascii.Error, ValueError):
        return None
    return wrap if len(wrap) == _WRAP_BYTES else None


def _put(kind: str, lookup: str, owner: str, private_key: bytes, lifetime: float) -> bytes:
    wrap = secrets.token_bytes(_WRAP_BYTES)
    expired_remove()
    now = timezone.now()
    UnlockedKey.objects.update_or_create(
        lookup=lookup,
        defaults={
            "kind": kind,
            "owner": owner,
            "sealed": crypto.box_encrypt(wrap, private_key),
            "expires_at": now + datetime.timedelta(seconds=lifetime),
        },
    )
    return wrap


def _open(row: UnlockedKey | None, wrap: bytes | None) -> bytes | None:
    if row is None or wrap is None or row.expires_at <= timezone.now():
        return None
    try:
        return crypto.box_decrypt(wrap, bytes(row.sealed))
    except crypto.DecryptionError:
        return None


def handler_key_put(session_key: str, user_pk: int, private_key: bytes) -> str:
    """Store the server's half; return the browser's half (the `wb_unlock` cookie's value)."""
    wrap = _put(
        UnlockedKey.Kind.HANDLER,
        _lookup("handler", session_key),
        str(user_pk),
        private_key,
        settings.SESSION_COOKIE_AGE,
    )
    return _wrap_encode(wrap)


def handler_key_get(session_key: str | None, user_pk: int, cookie: str | None) -> bytes | None:
    if not session_key:
        return None
    wrap = _wrap_decode(cookie)
    if wrap is None:
        return None
    row = UnlockedKey.objects.filter(
        lookup=_lookup("handler", session_key),
        kind=UnlockedKey.Kind.HANDLER,
        owner=str(user_pk),
    ).first()
    return _open(row, wrap)


def handler_key_drop(session_key: str | None) -> None:
    if session_key:
        UnlockedKey.objects.filter(lookup=_lookup("handler", session_key)).delete()


@receiver(user_logged_out)
def _drop_on_logout(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    handler_key_drop(getattr(getattr(request, "session", None), "session_key", None))


def reporter_token_new(report_public_id: str, private_key: bytes) -> str:
    """Open an inbox; return the `wb_inbox` cookie's value: a random token and the wrap key."""
    token = secrets.token_urlsafe(32)
    wrap = _put(
        UnlockedKey.Kind.REPORTER,
        _lookup("reporter", token),
        report_public_id,
        private_key,
        REPORTER_IDLE_SECONDS,
    )
    return f"{token}.{_wrap_encode(wrap)}"


def _reporter_parse(cookie: str | None) -> tuple[str, bytes | None] | None:
    if not cookie or cookie.count(".") != 1:
        return None
    token, wrap = cookie.split(".")
    return (token, _wrap_decode(wrap)) if token else None


def reporter_token_get(cookie: str | None) -> tuple[str, bytes] | None:
    parsed = _reporter_parse(cookie)
    if parsed is None:
        return None
    lookup = _lookup("reporter", parsed[0])
    row = UnlockedKey.objects.filter(lookup=lookup, kind=UnlockedKey.Kind.REPORTER).first()
    private = _open(row, parsed[1])
    if row is None or private is None:
        return None
    expires = timezone.now() + datetime.timedelta(seconds=REPORTER_IDLE_SECONDS)
    if expires - row.expires_at >= _SLIDE_STEP:
        UnlockedKey.objects.filter(lookup=lookup).update(expires_at=expires)
    return row.owner, private


def reporter_token_drop(cookie: str | None) -> None:
    parsed = _reporter_parse(cookie)
    if parsed is not None:
        UnlockedKey.objects.filter(lookup=_lookup("reporter", parsed[0])).delete()


def reporter_tokens_drop_for(report_public_id: str) -> None:
    UnlockedKey.objects.filter(kind=UnlockedKey.Kind.REPORTER, owner=report_public_id).delete()


def expired_remove() -> int:
    """Delete rows past their expiry (also done at each unlock); returns how many."""
    deleted, _ = UnlockedKey.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
