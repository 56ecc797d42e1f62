"""Who handles a channel: adding and removing handlers, and approving their keys.

The only way to change a channel's handlers (the Django admin and the shell call these too).
Threat model (docs/whistleblowing.md, "Handler keys"; whistleblowing/approvals.py):
- every change is audited and mailed to the channel's existing handlers, so nobody joins a
  channel unseen;
- being a handler is not enough to read anything: new reports are sealed only to keys with a
  complete approval, and earlier reports only to keys the approving handler signed. A key is
  approved by a handler of the channel whose own key is approved there, after comparing its
  fingerprint with the new handler; a channel's first handler (nobody can approve) by a
  municipal administrator and then a custodian, two different people, neither of them the
  new handler, each comparing the fingerprint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require, user_can, users_with_capability
from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.roles import Capability
from socius.whistleblowing import approvals, crypto
from socius.whistleblowing.audit import (
    AUDIT_CHANNEL_UNREADABLE,
    AUDIT_HANDLER_ADDED,
    AUDIT_HANDLER_REMOVED,
    AUDIT_KEY_APPROVED,
    AUDIT_KEY_FIRST_CONFIRMED,
    AUDIT_KEY_FIRST_PROPOSED,
)
from socius.whistleblowing.mail import MAIL_CHANNEL_UNREADABLE, MAIL_HANDLERS_CHANGED
from socius.whistleblowing.models import Channel, HandlerKey, HandlerKeyApproval, ReportKeyGrant

if TYPE_CHECKING:
    from socius.accounts.models import User


def _name(user: Any) -> str:
    return str(user.name or user.email) if user is not None else _("An administrator")


# --- Adding and removing ------------------------------------------------------------------------
def handler_add_check(*, channel: Channel, user: User) -> None:
    """ValidationError unless ``user`` may become a handler of ``channel``."""
    if not user.is_active or not user_can(user, Capability.WHISTLEBLOWING_HANDLE):
        raise ValidationError(
            _("%(person)s does not have the case handler role, so they cannot handle reports.")
            % {"person": _name(user)}
        )


def _mail_handlers(
    channel: Channel, *, event: str, person: Any, actor: Any, exclude: set[int]
) -> None:
    recipients = [h for h in channel.handlers.filter(is_active=True) if h.pk not in exclude]
    notify(
        recipients=recipients,
        kind=MAIL_HANDLERS_CHANGED,
        template="whistleblowing/mail/handlers",
        context={"channel": channel, "event": event, "person": _name(person), "by": _name(actor)},
        link=reverse("whistleblowing:handler-keys", args=[channel.slug]),
    )


@transaction.atomic
def handler_add(*, actor: User, channel: Channel, user: User) -> None:
    """Make ``user`` a handler of ``channel``: audited, and mailed to the existing handlers.

    The new handler's key still needs approval before any report is sealed to it."""
    require(actor, Capability.MUNICIPALITY_MANAGE)
    handler_add_check(channel=channel, user=user)
    if channel.handlers.filter(pk=user.pk).exists():
        return
    _mail_handlers(channel, event="added", person=user, actor=actor, exclude={user.pk})
    channel.handlers.add(user)
    audit_record(actor=actor, action=AUDIT_HANDLER_ADDED, target=channel, data={"handler": user.pk})


@transaction.atomic
def handler_remove(*, actor: User, channel: Channel, user: User) -> None:
    """Take ``user`` off ``channel``'s handlers: audited, mailed to the others; administrators
    are told when nobody is left who can receive reports."""
    require(actor, Capability.MUNICIPALITY_MANAGE)
    if not channel.handlers.filter(pk=user.pk).exists():
        return
    could_receive = approvals.channel_receives(channel)
    channel.handlers.remove(user)
    # Approvals and report keys go with the membership: being put back (even straight into
    # the database) gives nothing until a colleague approves the key again.
    HandlerKeyApproval.objects.filter(channel=channel, user=user).delete()
    ReportKeyGrant.objects.filter(user=user, report__channel=channel).delete()
    audit_record(
        actor=actor, action=AUDIT_HANDLER_REMOVED, target=channel, data={"handler": user.pk}
    )
    _mail_handlers(channel, event="removed", person=user, actor=actor, exclude={user.pk})
    if could_receive:
        channel_unreadable_check(channel, actor=actor)


def channel_unreadable_check(channel: Channel, *, actor: Any = None) -> bool:
    """If ``channel`` can no longer receive reports, audit it and tell the administrators at
    once (called whenever a handler leaves: removed, deactivated, account deleted). Returns
    whether the channel is now unreadable."""
    if not channel.is_active or approvals.channel_receives(channel):
        return False
    audit_record(actor=actor, action=AUDIT_CHANNEL_UNREADABLE, target=channel)
    notify(
        recipients=users_with_capability(Capability.MUNICIPALITY_MANAGE),
        kind=MAIL_CHANNEL_UNREADABLE,
        template="whistleblowing/mail/unreadable",
        context={"channel": channel},
        link=reverse("whistleblowing:channel-keys"),
    )
    return True


def channels_relying_on(user: Any) -> list[Channel]:
    """The open channels where ``user``'s key is approved (which may depend on them)."""
    channels = list(Channel.objects.filter(handlers=user, is_active=True))
    keyed = approvals.approved_keys(c.pk for c in channels)
    return [c for c in channels if user.pk in keyed.get(c.pk, {})]


@transaction.atomic
def handler_account_closed(user: User) -> None:
    """``user`` deleted their account: off every channel (audited, mailed to the others), and
    the administrators are told about each channel left without a handler."""
    relying = channels_relying_on(user)
    for channel in Channel.objects.filter(handlers=user):
        channel.handlers.remove(user)
        audit_record(
            actor=user, action=AUDIT_HANDLER_REMOVED, target=channel, data={"handler": user.pk}
        )
        _mail_handlers(channel, event="left", person=user, actor=user, exclude={user.pk})
    HandlerKeyApproval.objects.filter(user=user).delete()
    ReportKeyGrant.objects.filter(user=user).delete()
    for channel in relying:
        channel_unreadable_check(channel)


# --- Approving keys -----------------------------------------------------------------------------
def _key_of(user: Any) -> HandlerKey:
    key = HandlerKey.objects.filter(user=user).first()
    if key is None:
        raise ValidationError(_("This person has not made a key yet."))
    return key


def _fingerprint_matches(key: HandlerKey, fingerprint: str) -> None:
    wanted = crypto.fingerprint(bytes(key.public_key)).replace(" ", "")
    if "".join(fingerprint.split()).upper() != wanted:
        raise ValidationError(
            _("The key has changed since the page was shown. Compare the fingerprint again.")
        )


def key_pending(channel: Channel, user: Any) -> bool:
    """Whether ``user`` is a handler of ``channel`` with a key that is not approved there."""
    return (
        channel.handlers.filter(pk=user.pk, is_active=True).exists()
        and HandlerKey.objects.filter(user=user).exists()
        and user.pk not in approvals.channel_keys(channel)
    )


@transaction.atomic
def handler_key_approve(
    *, actor: User, channel: Channel, user: User, fingerprint: str, approver_private_key: bytes
) -> HandlerKeyApproval:
    """An approved handler of ``channel`` approves a colleague's key after comparing its
    fingerprint; the colleague then gets the keys of the reports ``actor`` can open."""
    from socius.whistleblowing.services.handling import grants_complete

    if not user_can(actor, Capability.WHISTLEBLOWING_HANDLE) or actor.pk not in (
        approvals.channel_keys(channel)
    ):
        raise PermissionDenied
    own = _key_of(actor)
    if crypto.public_from_private(approver_private_key) != bytes(own.public_key):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ValidationError(_("Another handler must approve your key."))
    if not key_pending(channel, user):
        raise ValidationError(_("There is no key waiting for approval."))
    key = _key_of(user)
    _fingerprint_matches(key, fingerprint)
    public = bytes(key.public_key)
    method = HandlerKeyApproval.Method.HANDLER
    approval = HandlerKeyApproval.objects.create(
        channel=channel,
        user=user,
        public_key=public,
        method=method,
        approved_by=actor,
        signature=crypto.approval_sign(
            approver_private_key, crypto.approval_message(channel.pk, user.pk, public)
        ),
        server_seal=approvals.server_seal(channel.pk, user.pk, public, method),
        confirmed_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AUDIT_KEY_APPROVED,
        target=channel,
        data={"handler": user.pk, "fingerprint": crypto.fingerprint(public)},
    )
    grants_complete(actor=actor, handler_private_key=approver_private_key)
    return approval


@transaction.atomic
def first_handler_propose(
    *, actor: User, channel: Channel, user: User, fingerprint: str
) -> HandlerKeyApproval:
    """A municipal administrator approves the key of a channel's first handler after comparing
    its fingerprint; a custodian must confirm it (first_handler_confirm)."""
    require(actor, Capability.MUNICIPALITY_MANAGE)
    if actor.pk == user.pk:
        raise ValidationError(_("Another person must approve your key."))
    if approvals.channel_keys(channel):
        raise ValidationError(
            _("The channel already has an approved handler: they approve new keys.")
        )
    if not key_pending(channel, user):
        raise ValidationError(_("There is no key waiting for approval."))
    key = _key_of(user)
    _fingerprint_matches(key, fingerprint)
    HandlerKeyApproval.objects.filter(
        channel=channel, user=user, method=HandlerKeyApproval.Method.FIRST, server_seal=""
    ).delete()
    approval = HandlerKeyApproval.objects.create(
        channel=channel,
        user=user,
        public_key=bytes(key.public_key),
        method=HandlerKeyApproval.Method.FIRST,
        approved_by=actor,
    )
    audit_record(
        actor=actor,
        action=AUDIT_KEY_FIRST_PROPOSED,
        target=channel,
        data={"handler": user.pk, "fingerprint": crypto.fingerprint(bytes(key.public_key))},
    )
    return approval


@transaction.atomic
def first_handler_confirm(*, actor: User, approval: HandlerKeyApproval, fingerprint: str) -> None:
    """A custodian, not the administrator who approved and not the new handler, confirms."""
    require(actor, Capability.WHISTLEBLOWING_CUSTODIAN)
    if approval.method != HandlerKeyApproval.Method.FIRST or approval.server_seal:
        raise ValidationError(_("There is no key waiting for approval."))
    if actor.pk in (approval.approved_by_id, approval.user_id):
        raise ValidationError(
            _("A custodian other than the administrator and the new handler must confirm.")
        )
    channel = approval.channel
    user = approval.user
    if approvals.channel_keys(channel):
        raise ValidationError(
            _("The channel already has an approved handler: they approve new keys.")
        )
    key = _key_of(user)
    if bytes(key.public_key) != bytes(approval.public_key) or not key_pending(channel, user):
        raise ValidationError(
            _("The key has changed since the page was shown. Compare the fingerprint again.")
        )
    _fingerprint_matches(key, fingerprint)
    approval.confirmed_by = actor
    approval.confirmed_at = timezone.now()
    approval.server_seal = approvals.server_seal(
        channel.pk, user.pk, bytes(key.public_key), approval.method
    )
    approval.save(update_fields=["confirmed_by", "confirmed_at", "server_seal"])
    audit_record(
        actor=actor,
        action=AUDIT_KEY_FIRST_CONFIRMED,
        target=channel,
        data={"handler": user.pk, "fingerprint": crypto.fingerprint(bytes(key.public_key))},
    )
