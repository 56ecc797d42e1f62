"""Which handler keys a channel may seal reports to (docs/whistleblowing.md, "Handler keys").

Threat model. Anyone who can write to the database (adversary C, or an attacker through the
database) can add himself to a channel's handlers, plant a `HandlerKey` with his own public key,
swap a colleague's public key, or plant `HandlerKeyApproval` rows. None of it must get him a
report key:
- **New reports** are sealed only to keys with a valid server seal: an HMAC under a key derived
  from the server's `SECRET_KEY` over (channel, person, public key, method), written by the
  approval services after two people compared the key's fingerprint. A database writer without
  the server's settings cannot make one, and a seal does not fit a swapped key.
- **Earlier reports** are sealed to a new key only by the handler who approved it, when that
  handler's own unlocked private key verifies the approval's signature
  (`handling.grants_complete`). That needs the approving handler's passphrase, so even a
  database writer who also holds `SECRET_KEY` gets no earlier report.
What this trusts: the running web process (as everywhere in the scheme) and, for new reports,
that `SECRET_KEY` stays on the server. Rotating `SECRET_KEY` keeps seals valid while the old key
is in `SECRET_KEY_FALLBACKS`; without it, every key must be approved again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from socius.whistleblowing.models import Channel, HandlerKey, HandlerKeyApproval

_SALT = "socius.whistleblowing.approval"


def _value(channel_id: int, user_id: int, public_key: bytes, method: str) -> str:
    return f"{channel_id}|{user_id}|{bytes(public_key).hex()}|{method}"


def server_seal(channel_id: int, user_id: int, public_key: bytes, method: str) -> str:
    return salted_hmac(
        _SALT, _value(channel_id, user_id, public_key, method), algorithm="sha256"
    ).hexdigest()


def seal_valid(approval: HandlerKeyApproval, public_key: bytes) -> bool:
    """Whether ``approval`` is complete and sealed by this server for exactly ``public_key``."""
    if not approval.server_seal or bytes(approval.public_key) != bytes(public_key):
        return False
    value = _value(approval.channel_id, approval.user_id, public_key, approval.method)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        expected = salted_hmac(_SALT, value, secret=secret, algorithm="sha256").hexdigest()
        if constant_time_compare(expected, approval.server_seal):
            return True
    return False


def approved_keys(channel_ids: Iterable[int]) -> dict[int, dict[int, bytes]]:
    """channel id -> {user id: public key} of its active handlers whose current key is approved
    for that channel. Three queries for any number of channels."""
    ids = set(channel_ids)
    members = list(
        Channel.handlers.through.objects.filter(
            channel_id__in=ids, user__is_active=True
        ).values_list("channel_id", "user_id")
    )
    keys = {
        k.user_id: bytes(k.public_key)
        for k in HandlerKey.objects.filter(user_id__in={u for _, u in members})
    }
    approvals: dict[tuple[int, int], list[HandlerKeyApproval]] = {}
    for approval in HandlerKeyApproval.objects.filter(channel_id__in=ids).exclude(server_seal=""):
        approvals.setdefault((approval.channel_id, approval.user_id), []).append(approval)
    result: dict[int, dict[int, bytes]] = {}
    for channel_id, user_id in members:
        key = keys.get(user_id)
        if key is None:
            continue
        if any(seal_valid(a, key) for a in approvals.get((channel_id, user_id), [])):
            result.setdefault(channel_id, {})[user_id] = key
    return result


def channel_keys(channel: Channel) -> dict[int, bytes]:
    """{user id: public key} of the channel's handlers that new reports are sealed to."""
    return approved_keys([channel.pk]).get(channel.pk, {})


def channel_receives(channel: Channel) -> bool:
    """Whether someone could ever read a report sent to ``channel`` now."""
    return bool(channel.is_active and channel_keys(channel))


def channels_receiving(channels: Iterable[Channel]) -> list[Channel]:
    """The channels (in the given order) that have at least one approved handler key."""
    listed = list(channels)
    keyed = approved_keys(c.pk for c in listed)
    return [c for c in listed if keyed.get(c.pk)]
