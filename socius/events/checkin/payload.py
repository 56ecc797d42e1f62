"""Reading a sync request's body: hostile JSON from the network, checked before any use.

Threat model: the body comes from a logged-in organiser's browser, but anything can send it
(a buggy device, a tampered script, a replayed request). Nothing in it is trusted: the body
size is capped before parsing, the JSON must have exactly the expected shape and types, every
string is bounded, and the codes are verified again by the server (services.scans_sync).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass

MAX_BODY_BYTES = 256 * 1024
MAX_SCANS = 200
MAX_CODE_LENGTH = 400  # longer codes are refused per scan as malformed, not read
_DEVICE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class PayloadError(ValueError):
    """The request as a whole is unusable (answered 400; nothing is stored)."""


@dataclass(frozen=True)
class ScanIn:
    nonce: uuid.UUID | None  # None: no usable nonce, so the scan cannot be stored
    code: object  # checked by tickets.code_read (any type is refused there)
    scanned_at: str
    index: int
    raw_nonce: str = ""


@dataclass(frozen=True)
class SyncIn:
    device: str
    scans: list[ScanIn]


def _reject_constant(name: str) -> object:
    raise PayloadError(f"constant {name}")


def _nonce(value: object) -> uuid.UUID | None:
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    return parsed if str(parsed) == value.lower() else None


def sync_payload_read(body: bytes) -> SyncIn:
    """The device id and the scans of a sync body, or ``PayloadError``."""
    if len(body) > MAX_BODY_BYTES:
        raise PayloadError("too large")
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise PayloadError("not JSON") from exc
    if not isinstance(data, dict) or set(data) - {"device", "scans"}:
        raise PayloadError("not the expected object")
    device, scans = data.get("device"), data.get("scans")
    if not isinstance(device, str) or not _DEVICE.match(device):
        raise PayloadError("device")
    if not isinstance(scans, list) or len(scans) > MAX_SCANS:
        raise PayloadError("scans")
    read: list[ScanIn] = []
    for index, item in enumerate(scans):
        if not isinstance(item, dict):
            read.append(ScanIn(nonce=None, code=None, scanned_at="", index=index))
            continue
        code = item.get("code")
        if isinstance(code, str) and len(code) > MAX_CODE_LENGTH:
            code = None
        scanned_at = item.get("scanned_at")
        raw_nonce = item.get("nonce")
        read.append(
            ScanIn(
                nonce=_nonce(raw_nonce),
                code=code,
                scanned_at=scanned_at if isinstance(scanned_at, str) else "",
                index=index,
                raw_nonce=raw_nonce if isinstance(raw_nonce, str) and len(raw_nonce) <= 64 else "",
            )
        )
    return SyncIn(device=device, scans=read)
