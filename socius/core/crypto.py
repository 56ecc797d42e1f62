"""Sealing small secrets at rest under keys derived from SECRET_KEY (the core kit's one way).

Threat model: a copy of the database (a leaked backup, an SQL injection, a stolen disk) must
not hand out the secrets sealed here: second factors, CPR numbers given for a tax deduction.
The key lives outside the database: it is derived from ``SECRET_KEY`` per purpose (BLAKE2b with
the purpose as personalisation, so one purpose's ciphertext never opens under another's key),
and with ``SECRET_KEY_FALLBACKS`` a rotated key still opens what the former one sealed. The
box is libsodium's secretbox (XSalsa20-Poly1305): a changed ciphertext fails to open rather
than opening to something else.

Limits: whoever holds both the database and ``SECRET_KEY`` (the running server) can open
everything; who may ask the server to open a secret is decided by each module's access rules.
A secret is in memory while it is used. For secrets the server itself must not read (the
whistleblower scheme), seal to a person's public key instead (socius/whistleblowing/crypto.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox


class SecretOpenError(ValueError):
    """The ciphertext does not open under the current keys (changed, truncated, old key gone)."""


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _key(secret: str, purpose: bytes) -> bytes:
    # BLAKE2b's personalisation holds at most 16 bytes: a purpose is a short fixed word.
    return hashlib.blake2b(secret.encode(), digest_size=32, person=purpose).digest()


def secret_seal(text: str, *, purpose: bytes) -> bytes:
    """``text`` sealed under the current key for ``purpose`` (nonce and tag included)."""
    return bytes(SecretBox(_key(_keys()[0], purpose)).encrypt(text.encode("utf-8")))


def secret_open(sealed: bytes, *, purpose: bytes) -> str:
    """The text ``secret_seal`` sealed for ``purpose``, under the current or a former key."""
    for secret in _keys():
        try:
            return SecretBox(_key(secret, purpose)).decrypt(bytes(sealed)).decode("utf-8")
        except (CryptoError, ValueError, TypeError):
            continue
    raise SecretOpenError("The sealed value does not open with the current keys.")


def secret_seal_text(text: str, *, purpose: bytes, prefix: str = "v1:") -> str:
    """``secret_seal`` as text for a character column: ``prefix`` + URL-safe base64."""
    return prefix + base64.urlsafe_b64encode(secret_seal(text, purpose=purpose)).decode()


def secret_open_text(sealed: str, *, purpose: bytes, prefix: str = "v1:") -> str:
    """The text ``secret_seal_text`` sealed; ``SecretOpenError`` if it is not such a value."""
    if not sealed.startswith(prefix):
        raise SecretOpenError("Not a sealed value.")
    try:
        raw = base64.urlsafe_b64decode(sealed.removeprefix(prefix))
    except ValueError as exc:
        raise SecretOpenError("Not a sealed value.") from exc
    return secret_open(raw, purpose=purpose)


def secret_digest(text: str, *, purpose: bytes) -> str:
    """A keyed hash of ``text`` (HMAC-SHA256 under the current key for ``purpose``): finds equal
    secrets without opening them, e.g. one donor's CPR number given twice. Not for passwords."""
    return _digest(_keys()[0], text, purpose)


def _digest(secret: str, text: str, purpose: bytes) -> str:
    return hmac.new(_key(secret, purpose), text.encode("utf-8"), hashlib.sha256).hexdigest()


def secret_digest_matches(text: str, digest: str, *, purpose: bytes) -> bool:
    """Whether ``digest`` is ``secret_digest(text)`` under the current or a former key (so a
    key rotation keeps stored digests working while the old key is a fallback); compared in
    constant time."""
    return any(hmac.compare_digest(_digest(secret, text, purpose), digest) for secret in _keys())
