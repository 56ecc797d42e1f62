"""Proof of work, rate limits and the receipt-guessing brake; all state in the cache only.

Threat model: an anonymous attacker floods the channel or guesses receipts. Nothing here
identifies a reporter: the per-source key is a daily-rotating keyed hash (middleware.py).
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache

# Long enough to write a careful report (a token expires with its cache entry).
POW_TTL = 2 * 60 * 60
FAILURES_BEFORE_DELAY = 5
FAILURE_WINDOW = 60 * 60
MAX_DELAY = 15 * 60


# --- Proof of work ----------------------------------------------------------------------------
def pow_issue() -> tuple[str, int]:
    """A new challenge and its difficulty in bits; valid once, for two hours."""
    challenge = secrets.token_hex(16)
    bits = settings.WHISTLEBLOWING_POW_BITS
    cache.set(f"wb:pow:{challenge}", (bits, time.time()), POW_TTL)
    return challenge, bits


def pow_leading_zero_bits(challenge: str, nonce: str) -> int:
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        bits += 8 - byte.bit_length()
        break
    return bits


def pow_solve(challenge: str, bits: int) -> str:
    """What pow.js does, in Python (tests and benchmarks)."""
    nonce = 0
    while pow_leading_zero_bits(challenge, str(nonce)) < bits:
        nonce += 1
    return str(nonce)


def pow_redeem(challenge: str, nonce: str) -> bool:
    """Check and consume a token. With no nonce (no JavaScript) the token must be old enough."""
    if not challenge or len(challenge) != 32 or len(nonce) > 20:
        return False
    issued = cache.get(f"wb:pow:{challenge}")
    # delete() reports whether the key existed: of two concurrent redemptions only one wins.
    if issued is None or not cache.delete(f"wb:pow:{challenge}"):
        return False
    bits, issued_at = issued
    if nonce:
        return nonce.isdigit() and pow_leading_zero_bits(challenge, nonce) >= bits
    return time.time() - issued_at >= settings.WHISTLEBLOWING_NOJS_WAIT


# --- Rate limits ------------------------------------------------------------------------------
def _hit(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def submission_allowed(source: str) -> bool:
    hour = int(time.time() // 3600)
    overall = _hit(f"wb:rate:all:{hour}", settings.WHISTLEBLOWING_REPORTS_PER_HOUR, 3600)
    per_source = _hit(
        f"wb:rate:src:{source}:{hour}", settings.WHISTLEBLOWING_REPORTS_PER_SOURCE, 3600
    )
    return overall and per_source


# --- Receipt guessing -------------------------------------------------------------------------
def receipt_wait_seconds() -> float:
    """0 if a receipt may be checked now; otherwise how long everyone must wait."""
    state = cache.get("wb:receipt-failures")
    if not state:
        return 0.0
    failures, last = state
    if failures < FAILURES_BEFORE_DELAY:
        return 0.0
    delay = min(2 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY)
    return max(0.0, last + delay - time.time())


def receipt_failure() -> None:
    failures, _last = cache.get("wb:receipt-failures") or (0, 0.0)
    cache.set("wb:receipt-failures", (failures + 1, time.time()), FAILURE_WINDOW)
