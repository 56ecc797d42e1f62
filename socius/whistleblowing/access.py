"""The one door to reports for staff. Missing, foreign and forbidden look the same (404).

A handler must hold the capability, be a handler of the report's channel, and not be
excluded by the reporter. A superuser or administrator who is not a handler gets nothing:
the keys are not theirs either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.whistleblowing import crypto
from socius.whistleblowing.models import Channel, Report, ReportKeyGrant
from socius.whistleblowing.workflows import report_checked_for

if TYPE_CHECKING:
    from socius.accounts.models import User


def channels_for_handler(user: User) -> list[Channel]:
    """The channels ``user`` handles."""
    if not user_can(user, Capability.WHISTLEBLOWING_HANDLE):
        return []
    return list(Channel.objects.filter(handlers=user).order_by("name"))


def channel_for_handler(*, user: User, slug: str) -> Channel:
    for channel in channels_for_handler(user):
        if channel.slug == slug:
            return channel
    raise Http404


def report_for_handler(*, user: User, public_id: Any) -> Report:
    """The report if ``user`` is one of its (not excluded) handlers; else Http404."""
    if not user_can(user, Capability.WHISTLEBLOWING_HANDLE):
        raise Http404
    report = (
        Report.objects.select_related("channel")
        .filter(public_id=public_id, channel__handlers=user)
        .exclude(excluded_handlers=user)
        .first()
    )
    if report is None:
        raise Http404
    report_checked_for(report, user)
    return report


def report_private_key(*, user: User, report: Report, handler_private_key: bytes) -> bytes | None:
    """Open the handler's grant of the report key (None if there is no grant yet)."""
    grant = ReportKeyGrant.objects.filter(report=report, user=user).first()
    if grant is None:
        return None
    try:
        return crypto.unseal(handler_private_key, bytes(grant.sealed_private_key))
    except crypto.DecryptionError:
        return None
