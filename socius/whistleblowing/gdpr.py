"""Personal data of handlers (reporters have none stored that points to them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.personal_data import personal_data_register
from socius.whistleblowing.models import Channel, HandlerKey, UnlockedKey
from socius.whistleblowing.services.channels import handler_account_closed

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    key = HandlerKey.objects.filter(user=user).first()
    return {
        "channels_handled": list(
            Channel.objects.filter(handlers=user).values_list("name", flat=True)
        ),
        "has_key_pair": key is not None,
        "key_created_at": key.created_at.isoformat() if key else None,
    }


def _erase(user: User) -> None:
    """An erased account's unlocked key goes at once, not at the session's expiry; the person
    leaves every channel, and administrators hear of any channel left without a handler."""
    UnlockedKey.objects.filter(kind=UnlockedKey.Kind.HANDLER, owner=str(user.pk)).delete()
    handler_account_closed(user)


personal_data_register("whistleblowing", export=_export, erase=_erase)
