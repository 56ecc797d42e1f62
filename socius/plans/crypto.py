"""Sealing a plan's content to the plan's own key.

Threat model (docs/plans.md, "Threat model", has the whole of it): a copy of the database or
of a backup (a leaked dump, an SQL injection, a stolen disk), the logs and the search index
must not give away a word of anyone's plan. Each plan has its own random 32-byte key; every
text, rating and file of the plan is sealed under it with libsodium's secretbox
(XSalsa20-Poly1305), and the plan key itself is sealed under a key derived from the server's
``SECRET_KEY`` (core.crypto, purpose ``plans.key``), which is not in the database. Deleting a
plan erases its sealed key first: the rows that backups still hold stay sealed for good
(crypto-erasure).

Each sealed value names what it is (``"k"``: "goal", "step", ...) and is opened only as that:
a value copied into another row of the same plan does not open there (a value from another
plan does not open at all: another key).

Not in scope: whoever runs the server with its ``SECRET_KEY`` can open every plan; who may
ask the server to do so is decided by access.py (the owner and current share holders, each
view logged for the citizen). A plan is in memory while a page shows it.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import nacl.utils
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from socius.core.crypto import secret_open, secret_seal

if TYPE_CHECKING:
    from socius.plans.models import Plan

PURPOSE = b"plans.key"


class SealedValueError(ValueError):
    """A sealed value did not open (changed, moved from another row, or the plan's key is
    erased)."""


def key_new() -> tuple[bytes, bytes]:
    """A new plan key and the key sealed for ``Plan.sealed_key``."""
    key = nacl.utils.random(SecretBox.KEY_SIZE)
    return key, secret_seal(base64.b64encode(key).decode(), purpose=PURPOSE)


def _box(plan: Plan) -> SecretBox:
    # Opened once per plan object: a page opens every row of one plan with the same key.
    box = getattr(plan, "_plans_box", None)
    if box is None:
        if not plan.sealed_key:
            raise SealedValueError("The plan's key is erased.")
        key = base64.b64decode(secret_open(bytes(plan.sealed_key), purpose=PURPOSE))
        box = SecretBox(key)
        plan._plans_box = box  # type: ignore[attr-defined]
    return box


def plan_start(plan: Plan) -> None:
    """Give a new (unsaved) plan its key."""
    key, sealed = key_new()
    plan.sealed_key = sealed
    plan._plans_box = SecretBox(key)  # type: ignore[attr-defined]


def seal(plan: Plan, kind: str, data: dict[str, Any]) -> bytes:
    """``data`` (JSON-able) sealed to ``plan``'s key as a value of ``kind``."""
    text = json.dumps({"k": kind, **data}, ensure_ascii=False, separators=(",", ":"))
    return bytes(_box(plan).encrypt(text.encode("utf-8")))


def unseal(plan: Plan, kind: str, sealed: bytes | memoryview) -> dict[str, Any]:
    """The data ``seal`` sealed as ``kind`` for ``plan``."""
    try:
        data = json.loads(_box(plan).decrypt(bytes(sealed)).decode("utf-8"))
    except (CryptoError, ValueError, TypeError) as exc:
        raise SealedValueError(f"A sealed {kind} did not open.") from exc
    if not isinstance(data, dict) or data.pop("k", None) != kind:
        raise SealedValueError(f"The sealed value is not a {kind}.")
    return data


def seal_bytes(plan: Plan, content: bytes) -> bytes:
    """A file's content sealed to ``plan``'s key."""
    return bytes(_box(plan).encrypt(b"file\0" + content))


def unseal_bytes(plan: Plan, sealed: bytes) -> bytes:
    try:
        content = _box(plan).decrypt(bytes(sealed))
    except (CryptoError, ValueError, TypeError) as exc:
        raise SealedValueError("A sealed file did not open.") from exc
    if not content.startswith(b"file\0"):
        raise SealedValueError("The sealed value is not a file.")
    return content[5:]


def key_erase(plan: Plan) -> None:
    """Erase the plan's key (deletion): nothing sealed to it opens any more, anywhere."""
    plan.sealed_key = b""
    if hasattr(plan, "_plans_box"):
        del plan._plans_box
    plan.save(update_fields=["sealed_key", "updated_at"])
