"""Tickets for the door: a signed token per confirmed registration, its QR code and short code.

A token is 100 bytes, written in base32 (RFC 4648, no padding: 160 characters from A-Z and
2-7, which a QR code stores in its compact alphanumeric mode):

    version (1) | key generation (2) | event public id (16) | registration public id (16)
    | party size (1) | Ed25519 signature over the 36 bytes before it (64)

The short code printed under the QR code, for people who cannot show or scan it, is the first
10 base32 characters (50 bits) of the signature, shown as ``ABCDE-FGHIJ``.

Threat model
------------
What it protects: the door. A ticket says "this registration, for this event, for this many
people"; the check-in page on an organiser's phone must tell a real ticket from a made-up or
altered one without asking the server (the venue's network may be down).

- Keys. Each event has its own Ed25519 key pair. The private key is never stored: it is
  derived when needed as HMAC-SHA256(master secret, event public id | generation). The master
  secret is ``settings.EVENTS_TICKET_KEY`` when set, else derived from ``SECRET_KEY`` with a
  purpose label (so a ticket key never equals a key used elsewhere). Only the public key
  leaves the server: it is in the check-in page, next to the event's list.
- Who can forge: only someone holding the master secret (the server, its operators, or whoever
  steals the secret from the server's environment). A copy of the database gives nothing: it
  holds no private key and no seed. An organiser's phone holds only the public key, so a lost
  or stolen phone cannot make tickets. Altering any byte of a token (the party size, the
  registration) breaks the signature; the page and the server both refuse it.
- What a copied ticket allows: exactly what the original does, once. A ticket is a bearer
  credential, like a paper ticket: a screenshot passed to a friend lets one of the two in. The
  first scan checks the registration in; later scans answer "already checked in", and scans of
  the same ticket on two phones are flagged to the organiser as a conflict. The short code is
  part of the signature, so it cannot be guessed from the registration's id; guessing one
  among an event's registrations is a one in 2^50 / N chance per try.
- What a leaked per-event key would allow (it only exists in the server's memory while a
  ticket is signed or a list built): forging tickets for that one event, for any registration
  id and party size. Forged ids that are not registrations of the event are refused as
  unknown by the server; a forged party size is overruled by the registration's own (the
  server counts the registration, never the token's claim).
- What a leaked master secret allows: forging tickets for every event. Rotate it (set a new
  ``SOCIUS_EVENTS_TICKET_KEY``): every ticket changes at once; people see the new ticket on
  their personal page, and the check-in page must be reloaded to fetch the new public keys.
- Rotation per event: an organiser can renew an event's tickets (``ticket_key_rotate``),
  which raises the event's key generation. Tickets of the old generation are refused with a
  message that tells the person to open their ticket again. Use it when tickets leaked (a
  list of codes sent to the wrong people).
- Cancelled registrations keep a valid signature (a token cannot be revoked): the check-in
  list says which registrations are cancelled, and the server checks the registration's status
  on every scan it receives. The client's verdict is never trusted: the server verifies every
  token again.
- Not covered: someone who controls an organiser's logged-in phone can check anyone in (that
  is their job); the scan log shows who synced which scan from which device.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

if TYPE_CHECKING:
    from socius.events.models import Event, Registration

TOKEN_VERSION = 1
PAYLOAD_LENGTH = 36
SIGNATURE_LENGTH = 64
TOKEN_LENGTH = PAYLOAD_LENGTH + SIGNATURE_LENGTH  # 100 bytes
TOKEN_TEXT_LENGTH = 160  # base32 of 100 bytes, no padding
SHORT_CODE_LENGTH = 10
# Anything longer is not ours; read no further (a QR code can hold up to 7,089 characters).
MAX_INPUT_LENGTH = 300
_BASE32 = re.compile(r"^[A-Z2-7]+$")
_SEPARATORS = re.compile(r"[\s\-]+")
# RFC 4648 base32 has no 0, 1 or 8: read them as the letters people mistake them for.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class Refusal(StrEnum):
    """Why a code is not a valid ticket for this event (the same codes in checkin.js)."""

    MALFORMED = "malformed"  # empty, too long, or characters a ticket never has
    NOT_A_TICKET = "not_a_ticket"  # a QR code with other data (a web address, text)
    VERSION = "version"  # a ticket format this server does not know
    OTHER_EVENT = "other_event"
    OLD_KEY = "old_key"  # renewed tickets: this one is from an earlier generation
    BAD_SIGNATURE = "bad_signature"  # altered or made up
    UNKNOWN = "unknown"  # a short code that matches no registration of the event
    CANCELLED = "cancelled"
    NO_SEAT = "no_seat"  # on the waiting list, offered, left or expired: no ticket


@dataclass(frozen=True)
class Ticket:
    token: str
    svg: str
    short_code: str = ""


@dataclass(frozen=True)
class TicketClaim:
    """What a verified token says."""

    version: int
    generation: int
    event_id: uuid.UUID
    registration_id: uuid.UUID
    party_size: int


@dataclass(frozen=True)
class ReadCode:
    """A code as typed or scanned: a full token (``claim``), a short code, or a refusal."""

    claim: TicketClaim | None = None
    short_code: str = ""
    compact: str = ""  # a full token, normalised
    refusal: Refusal | None = None


def _master_secret() -> bytes:
    configured = getattr(settings, "EVENTS_TICKET_KEY", "")
    if configured:
        return str(configured).encode()
    return hashlib.sha256(b"socius.events.checkin.tickets|" + settings.SECRET_KEY.encode()).digest()


def signing_key(event: Event, generation: int) -> SigningKey:
    """The event's private key of ``generation``, derived, never stored."""
    message = b"event-ticket-key|" + event.public_id.bytes + generation.to_bytes(2, "big")
    return SigningKey(hmac.digest(_master_secret(), message, "sha256"))


def public_key_text(event: Event, generation: int) -> str:
    """The event's public key as base64url without padding (what checkin.js imports)."""
    raw = bytes(signing_key(event, generation).verify_key)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def key_generation(event: Event) -> int:
    """The event's current key generation (1 until an organiser renews the tickets)."""
    from socius.events.checkin.models import TicketKey

    generation = TicketKey.objects.filter(event=event).values_list("generation", flat=True).first()
    return generation or 1


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def payload_for(registration: Registration, *, event: Event, generation: int) -> bytes:
    return (
        bytes([TOKEN_VERSION])
        + generation.to_bytes(2, "big")
        + event.public_id.bytes
        + registration.public_id.bytes
        + bytes([min(registration.party_size, 255)])
    )


def token_bytes(registration: Registration, *, event: Event, generation: int) -> bytes:
    """Payload, then its signature (the layout in the module docstring)."""
    payload = payload_for(registration, event=event, generation=generation)
    return payload + signing_key(event, generation).sign(payload).signature


def token_text(registration: Registration, *, event: Event, generation: int) -> str:
    return _b32(token_bytes(registration, event=event, generation=generation))


def short_code_of(token: str) -> str:
    """The short code of a token text: the first 10 base32 characters of its signature."""
    signature = base64.b32decode(token + "=" * (-len(token) % 8))[PAYLOAD_LENGTH:]
    return _b32(signature)[:SHORT_CODE_LENGTH]


def short_code_display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def token_groups(token: str) -> str:
    """The token in groups of eight characters, easier to read aloud or compare."""
    return " ".join(token[i : i + 8] for i in range(0, len(token), 8))


def code_read(text: object) -> ReadCode:
    """Read a scanned or typed code: untrusted input of any type and length. Nothing here
    looks anything up; ``token_verify`` checks a full token's signature."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_INPUT_LENGTH:
        return ReadCode(refusal=Refusal.MALFORMED)
    if "://" in text or text.strip().lower().startswith(("www.", "mailto:", "tel:")):
        return ReadCode(refusal=Refusal.NOT_A_TICKET)
    compact = _SEPARATORS.sub("", text).upper().translate(_LOOKALIKES)
    if not compact.isascii() or not _BASE32.match(compact):
        return ReadCode(refusal=Refusal.NOT_A_TICKET)
    if len(compact) == SHORT_CODE_LENGTH:
        return ReadCode(short_code=compact)
    if len(compact) != TOKEN_TEXT_LENGTH:
        return ReadCode(refusal=Refusal.NOT_A_TICKET)
    try:
        raw = base64.b32decode(compact)
    except binascii.Error:
        return ReadCode(refusal=Refusal.NOT_A_TICKET)
    if raw[0] != TOKEN_VERSION:
        return ReadCode(refusal=Refusal.VERSION)
    claim = TicketClaim(
        version=raw[0],
        generation=int.from_bytes(raw[1:3], "big"),
        event_id=uuid.UUID(bytes=raw[3:19]),
        registration_id=uuid.UUID(bytes=raw[19:35]),
        party_size=raw[35],
    )
    return ReadCode(claim=claim, compact=compact)


def token_verify(text: str, *, event: Event, generation: int) -> TicketClaim | Refusal:
    """Verify a full token for ``event``: the claim, or why it is refused."""
    read = code_read(text)
    if read.refusal is not None:
        return read.refusal
    if read.claim is None:
        return Refusal.NOT_A_TICKET
    claim = read.claim
    if claim.event_id != event.public_id:
        return Refusal.OTHER_EVENT
    if claim.generation != generation:
        # An older generation is a renewed ticket; a newer one cannot exist: made up.
        return Refusal.OLD_KEY if claim.generation < generation else Refusal.BAD_SIGNATURE
    raw = base64.b32decode(read.compact)
    key = VerifyKey(bytes(signing_key(event, generation).verify_key))
    try:
        key.verify(raw[:PAYLOAD_LENGTH], raw[PAYLOAD_LENGTH:])
    except BadSignatureError:
        return Refusal.BAD_SIGNATURE
    return claim


def _qr_svg(token: str, label: str) -> SafeString:
    svg = segno.make(token, error="m", micro=False).svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="checkin-qr"
    )
    # The figure around it carries the name; the drawing itself is hidden from screen readers.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return format_html('<div role="img" aria-label="{}">{}</div>', label, mark_safe(svg))  # noqa: S308 - segno's own SVG of our token


def ticket_for(registration: Registration) -> Ticket:
    """The ticket of a confirmed registration: its signed token, the QR code as SVG and the
    short code. Call it only for confirmed registrations (the template block does)."""
    event = registration.event
    generation = key_generation(event)
    token = token_text(registration, event=event, generation=generation)
    short = short_code_of(token)
    label = _("QR code with your ticket. The code is %(code)s.") % {
        "code": short_code_display(short)
    }
    return Ticket(token=token, svg=_qr_svg(token, label), short_code=short)
