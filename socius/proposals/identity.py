"""Who a signer is, as far as the platform needs to know: a keyed hash, an age and a home.

Threat model: the signature table may leak (a backup, a bad query). It must not tell who
signed. So the person's identifier is stored only as HMAC-SHA256 under
``PROPOSALS_IDENTITY_KEY``, which lives outside the database. Without the key the hashes
cannot be tested against the small space of CPR numbers. Rotating the key lets everyone sign
again: don't.

One person, one signature: a proposal counts people by ONE kind of identifier, fixed when it
is published (``terms["identifier"]``) from ``PROPOSALS_PAPER_CPR``:

- "cpr" (paper forms carry a CPR number): the CPR number, online and on paper, so the two
  channels hash the same value and the unique constraint deduplicates them. A sign-in without
  the CPR claim is refused; it would otherwise count the person a second time.
- "subject" (paper forms without CPR): the broker's stable subject, whether or not the sign-in
  also carries a CPR number, so a later sign-in that does cannot count the same person again.
  Paper forms are then identified by name, birth date and address and cannot be matched with
  online signatures (docs/proposals.md says so).

A signature stores only the one hash its proposal counts by.
"""

from __future__ import annotations

import datetime
import hmac
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

_CPR = re.compile(r"^([0-9]{6})-?([0-9]{4})$")  # ASCII digits only: one spelling, one hash
TICKET_SALT = "socius.proposals.identity"
TICKET_MAX_AGE = 15 * 60


def identity_key() -> bytes:
    key = settings.PROPOSALS_IDENTITY_KEY or ("proposals-identity:" + settings.SECRET_KEY)
    return key.encode()


def identity_hash(identifier: str) -> str:
    """The keyed hash of a normalised identifier ("cpr:0101901234" or "sub:<iss>|<sub>")."""
    return hmac.digest(identity_key(), identifier.encode(), "sha256").hex()


def cpr_identity_hash(digits: str) -> str:
    """The keyed hash of a normalised CPR number: the same for a paper form and a sign-in."""
    return identity_hash("cpr:" + digits)


def cpr_normalise(value: str) -> str | None:
    """Ten digits, or None when ``value`` does not look like a CPR number (a dash and spaces
    are allowed: "010180-1234", "010180 1234"; the date part must be a real date)."""
    match = _CPR.match("".join(value.split()))
    if match is None:
        return None
    digits = match.group(1) + match.group(2)
    return digits if cpr_birth_date(digits) is not None else None


def cpr_birth_date(digits: str) -> datetime.date | None:
    """The birth date a CPR number encodes (the 7th digit gives the century)."""
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


IDENTIFIER_CPR = "cpr"
IDENTIFIER_SUBJECT = "subject"


def identifier_kind_for_new_proposals() -> str:
    """What a proposal published now counts its signers by (copied into its terms)."""
    return IDENTIFIER_CPR if settings.PROPOSALS_PAPER_CPR else IDENTIFIER_SUBJECT


def identifier_kind(terms: dict[str, Any]) -> str:
    """What a published proposal counts its signers by (proposals published before this was
    recorded follow today's setting)."""
    kind = terms.get("identifier")
    if kind in (IDENTIFIER_CPR, IDENTIFIER_SUBJECT):
        return str(kind)
    return identifier_kind_for_new_proposals()


@dataclass(frozen=True)
class Identity:
    """A verified sign-in: the keyed hashes of its subject and (if released) CPR number."""

    subject_hash: str
    cpr_hash: str
    birth_date: datetime.date | None
    municipality_code: str
    name: str = ""

    def hash_for(self, kind: str) -> str | None:
        """The hash a proposal that counts by ``kind`` knows this person by (None: not given)."""
        return (self.cpr_hash if kind == IDENTIFIER_CPR else self.subject_hash) or None

    def ticket(self, proposal_id: str) -> str:
        """A signed, short-lived token that carries the checked identity to the signing form."""
        return signing.dumps(
            {
                "p": proposal_id,
                "s": self.subject_hash,
                "c": self.cpr_hash,
                "b": self.birth_date.isoformat() if self.birth_date else "",
                "m": self.municipality_code,
                "n": self.name,
            },
            salt=TICKET_SALT,
            compress=True,
        )

    @classmethod
    def from_ticket(cls, ticket: str, proposal_id: str) -> Identity | None:
        try:
            data = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or data.get("p") != proposal_id:
            return None
        birth = datetime.date.fromisoformat(data["b"]) if data.get("b") else None
        return cls(
            data.get("s", ""), data.get("c", ""), birth, data.get("m", ""), data.get("n", "")
        )


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    return str(value).strip() if value is not None else ""


def identity_from_claims(claims: dict[str, Any], *, issuer: str) -> Identity:
    """The identity behind verified ID token claims, named by the configured claim names."""
    cpr = cpr_normalise(_claim(claims, settings.PROPOSALS_OIDC_CLAIM_CPR))
    subject = _claim(claims, settings.PROPOSALS_OIDC_CLAIM_SUBJECT)
    if not cpr and not subject:
        raise ValueError("no subject")
    birth: datetime.date | None = None
    raw_birth = _claim(claims, settings.PROPOSALS_OIDC_CLAIM_BIRTHDATE)
    if raw_birth:
        try:
            birth = datetime.date.fromisoformat(raw_birth[:10])
        except ValueError:
            birth = None
    if birth is None and cpr:
        birth = cpr_birth_date(cpr)
    return Identity(
        subject_hash=identity_hash(f"sub:{issuer}|{subject}") if subject else "",
        cpr_hash=cpr_identity_hash(cpr) if cpr else "",
        birth_date=birth,
        municipality_code=_claim(claims, settings.PROPOSALS_OIDC_CLAIM_MUNICIPALITY)[:3],
        name=_claim(claims, settings.PROPOSALS_OIDC_CLAIM_NAME)[:200],
    )


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_problems(
    *,
    birth_date: datetime.date | None,
    municipality_code: str,
    terms: dict[str, Any],
    proposal_municipality_code: str,
    today: datetime.date,
) -> list[str]:
    """Which of the proposal's rules the signer does not meet, in words for the signer."""
    problems = []
    minimum = int(terms.get("minimum_age", 0) or 0)
    if birth_date is None:
        problems.append(_("We could not see your age, so we cannot check the age limit."))
    elif age_on(birth_date, today) < minimum:
        problems.append(
            _("You must be at least %(age)s years old to sign this proposal.") % {"age": minimum}
        )
    if terms.get("residents_only") and municipality_code != proposal_municipality_code:
        problems.append(_("Only people who live in the municipality can sign this proposal."))
    return problems
