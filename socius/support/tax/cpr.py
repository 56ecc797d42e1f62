"""CPR numbers: the shape check, and sealing for storage.

Threat model: a CPR number is a lifelong identifier that opens doors (banks, public
services); a leak cannot be undone. So the number is checked for its shape only (ten digits,
a real date of birth with the century from the seventh digit), sealed before it reaches the
database (``socius.core.crypto``, purpose ``b"socius-cpr"``), found again only through a keyed
digest, and never formatted into a message, a log line, an audit entry or an error.

The modulus-11 check is deliberately NOT used: since 2007 CPR numbers are issued that fail it
(CPR-kontoret, "Personnummeret i CPR-systemet"), so it would refuse real people.
"""

from __future__ import annotations

import datetime
import re

from socius.core.crypto import secret_digest, secret_open_text, secret_seal_text

PURPOSE = b"socius-cpr"
_SHAPE = re.compile(r"^([0-9]{6})-?([0-9]{4})$", re.ASCII)


def cpr_birth_date(digits: str) -> datetime.date | None:
    """The date of birth ten digits encode, or None. The seventh digit and the year give the
    century (CPR-kontoret's table): 0-3 → 1900s; 4 and 9 → 2000s for years 00-36, else 1900s;
    5-8 → 2000s for years 00-57, else 1800s."""
    day, month, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return datetime.date(century + yy, month, day)
    except ValueError:
        return None


def cpr_normalise(value: str) -> str | None:
    """Ten digits, or None when ``value`` is not a CPR number: "DDMMYY-SSSS" or "DDMMYYSSSS"
    (spaces around are ignored) with a real date of birth. No modulus-11 check (see above)."""
    if not isinstance(value, str) or len(value) > 20:
        return None
    match = _SHAPE.match(value.strip())
    if match is None:
        return None
    digits = match.group(1) + match.group(2)
    return digits if cpr_birth_date(digits) is not None else None


def cpr_seal(digits: str) -> str:
    """The sealed text stored in ``DonorIdentity.cpr_sealed``."""
    return secret_seal_text(digits, purpose=PURPOSE)


def cpr_open(sealed: str) -> str:
    """The ten digits a sealed value holds (only for the treasurer's report file)."""
    return secret_open_text(sealed, purpose=PURPOSE)


def cpr_digest(digits: str) -> str:
    """A keyed digest: equal numbers give equal digests; the number cannot be read back."""
    return secret_digest(digits, purpose=PURPOSE)
