"""Proof of work, rate limits and the receipt-guessing brake; nothing about a reporter on disk.

Threat model (docs/whistleblowing.md, section 1): an anonymous attacker (A) floods the channel,
guesses receipts, or tries to lock real reporters out; someone with a copy of the database, a
backup and the secret key (C, E) must not learn from them who reported, or when.

- **Proof-of-work tokens are stateless.** The random challenge, its difficulty, its purpose and
  its issue time are signed (``django.core.signing``, with a key derived from the secret key for
  this purpose only) and carried by the form. Showing a form writes nothing anywhere: rows that
  anonymous page views wrote to the database cache used to push allauth's login counters out
  when Django culled the table. Redeeming a token remembers a hash of it in the ``reporter``
  cache until the token expires, so each token works once; the token is random and says
  nothing about who used it.
- **Per-source counters** (reports per hour, failed receipts) are keyed by an HMAC of the
  client's address under a random key that exists only in the web process's memory: made when
  the process starts, replaced each day by a one-way step (so today's key does not give
  yesterday's), never derived from the secret key and never written anywhere. They live in the
  ``reporter`` cache, which is never the database: the process's memory, or Redis/Valkey run
  without persistence. Nobody can tie a counter to an address, and no key carries an hour that
  could be matched to a report's ``created_at``.
- **The receipt brake is per source**: after five failures one source waits a doubling delay
  (at most 15 minutes); other sources are not slowed. An attempt the brake refuses is neither
  checked nor counted, so it does not extend the wait. Every attempt also needs a fresh proof
  of work, which prices guessing from many addresses.

Limits: processes that do not share the key count per source on their own (the workers forked
from one ``python -m socius.serve`` share it, as do gunicorn's with ``--preload``; separate
machines do not), so a source gets its
limit once per such group; with the in-memory cache the overall limit and the used tokens are
per process too. Redis/Valkey shares those across all processes. Behind Tor all reporters
are one source (docs/whistleblowing.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import BaseCache, caches

CACHE_ALIAS = "reporter"
# Long enough to write a careful report.
POW_TTL = 2 * 60 * 60
POW_SALT = "socius.whistleblowing.abuse.pow"
POW_REPORT = "report"
POW_RECEIPT = "receipt"
MAX_TOKEN_LENGTH = 300
RATE_WINDOW = 60 * 60
FAILURES_BEFORE_DELAY = 5
FAILURE_WINDOW = 60 * 60
MAX_DELAY = 15 * 60
DAY = 24 * 60 * 60


def _cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def _now() -> float:
    return time.time()


# --- The source key ---------------------------------------------------------------------------
class _SourceKey:
    """A random key in this process's memory only, moved on by a one-way step each day."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)
        self._day = int(_now() // DAY)

    def today(self) -> bytes:
        with self._lock:
            day = int(_now() // DAY)
            while self._day < day:
                self._key = hashlib.sha256(b"socius-wb-source-next:" + self._key).digest()
                self._day += 1
            return self._key


# Made at import: the workers forked from one parent (socius/serve.py) share it.
_source_key = _SourceKey()


def source_id(address: str) -> str:
    """The per-source counters' name for a client address; meaningless outside this process."""
    return hmac.new(_source_key.today(), address.encode(), hashlib.sha256).hexdigest()[:32]


# --- Proof of work ----------------------------------------------------------------------------
def pow_issue(purpose: str) -> tuple[str, int]:
    """A new signed challenge for ``purpose`` and its difficulty in bits. Writes nothing."""
    bits = settings.WHISTLEBLOWING_POW_BITS
    claims = {"c": secrets.token_hex(16), "b": bits, "p": purpose, "t": int(_now())}
    return signing.dumps(claims, salt=POW_SALT), bits


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


def _claims(token: str, purpose: str) -> tuple[int, float] | None:
    """The difficulty and age of a genuine, unexpired token for ``purpose``."""
    try:
        claims: Any = signing.loads(token, salt=POW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(claims, dict) or claims.get("p") != purpose:
        return None
    bits, issued = claims.get("b"), claims.get("t")
    if not isinstance(bits, int) or not isinstance(issued, int):
        return None
    age = _now() - issued
    # A minute of grace for clocks of several machines that disagree a little.
    return (bits, age) if -60 <= age <= POW_TTL else None


def pow_redeem(token: str, nonce: str, purpose: str) -> bool:
    """Check a token and use it up. With no nonce (no JavaScript) it must be old enough."""
    if not token or len(token) > MAX_TOKEN_LENGTH or len(nonce) > 20:
        return False
    checked = _claims(token, purpose)
    if checked is None:
        return False
    bits, age = checked
    if nonce:
        if not (nonce.isdigit() and pow_leading_zero_bits(token, nonce) >= bits):
            return False
    elif age < settings.WHISTLEBLOWING_NOJS_WAIT:
        return False
    # add() is atomic (SET NX in Redis): of two concurrent redemptions only one wins.
    used = "wb:pow-used:" + hashlib.sha256(token.encode()).hexdigest()
    return _cache().add(used, 1, int(POW_TTL - age) + 61)


# --- Rate limits ------------------------------------------------------------------------------
def _hit(key: str, limit: int, window: int) -> bool:
    cache = _cache()
    # The window starts with the first hit and ends when the counter expires: no clock hour.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def submission_allowed(source: str) -> bool:
    """Count a report against the site's and the source's hourly limits."""
    overall = _hit("wb:rate:all", settings.WHISTLEBLOWING_REPORTS_PER_HOUR, RATE_WINDOW)
    per_source = _hit(
        f"wb:rate:src:{source}", settings.WHISTLEBLOWING_REPORTS_PER_SOURCE, RATE_WINDOW
    )
    return overall and per_source


# --- Receipt guessing -------------------------------------------------------------------------
def receipt_wait_seconds(source: str) -> float:
    """0 if this source may check a receipt now; otherwise how long it must wait."""
    state = _cache().get(f"wb:receipt:{source}")
    if not state:
        return 0.0
    failures, last = state
    if failures < FAILURES_BEFORE_DELAY:
        return 0.0
    delay = min(2 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY)
    return max(0.0, last + delay - _now())


def receipt_failure(source: str) -> None:
    """Count a receipt that was checked and did not open an inbox (never a refused attempt)."""
    key = f"wb:receipt:{source}"
    failures, _last = _cache().get(key) or (0, 0.0)
    _cache().set(key, (failures + 1, _now()), FAILURE_WINDOW)
