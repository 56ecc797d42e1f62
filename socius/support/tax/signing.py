"""Signing § 12, stk. 3 agreements with the platform's Ed25519 key.

Threat model: a donor or the association may later dispute what was agreed (the amount, the
number of years, the text). The platform signs a canonical JSON of the agreement at the moment
the donor accepts, so any later change to a stored agreement is detectable by anyone holding
the public key (``signing_public_key_hex``). The private key is not stored: it is derived from
``SECRET_KEY`` through ``socius.core.crypto.secret_digest`` (purpose ``b"socius-agree-sig"``),
so a copy of the database alone cannot forge a signature; whoever holds ``SECRET_KEY`` can.
Rotating ``SECRET_KEY`` changes the key: old signatures verify with the key id and public key
recorded at the time (``signing_key_id`` on the row; keep the old public key).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from socius.core.crypto import secret_digest

_PURPOSE = b"socius-agree-sig"


def _signing_key() -> SigningKey:
    return SigningKey(bytes.fromhex(secret_digest("ed25519-agreement-key", purpose=_PURPOSE)))


def canonical_json(data: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 characters kept: the same data gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signing_public_key_hex() -> str:
    return bytes(_signing_key().verify_key).hex()


def signing_key_id() -> str:
    """A short id of the current public key (first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(bytes(_signing_key().verify_key)).hexdigest()[:16]


def agreement_sign(payload: str) -> str:
    """The detached signature (hex) over ``payload``."""
    return _signing_key().sign(payload.encode("utf-8")).signature.hex()


def agreement_verify(payload: str, signature_hex: str, public_key_hex: str | None = None) -> bool:
    """Whether ``signature_hex`` is a valid signature over ``payload``."""
    key = VerifyKey(bytes.fromhex(public_key_hex or signing_public_key_hex()))
    try:
        key.verify(payload.encode("utf-8"), bytes.fromhex(signature_hex))
    except (BadSignatureError, ValueError):
        return False
    return True
