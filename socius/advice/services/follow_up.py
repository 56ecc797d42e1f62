"""The follow-up survey three months after a request is closed.

Threat model: the survey link reaches whoever can read the organisation's mail, without a
login (people rarely remember a password for a three-question survey). The link carries a
signature over the survey's id (``django.core.signing`` with its own salt), so it cannot be
guessed or moved to another survey; it expires after ``LINK_DAYS``; and it works once: a
stored answer closes it. All it reveals is the request's heading, and all it can do is answer
the survey once.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socius.advice import selectors
from socius.advice.audit import AUDIT_FOLLOW_UP_ANSWERED, AUDIT_FOLLOW_UP_SENT
from socius.advice.mail import MAIL_FOLLOW_UP
from socius.advice.models import AdviceRequest, FollowUp
from socius.advice.workflows import RequestState
from socius.core.audit import audit_record
from socius.core.mail import notify

SALT = "socius.advice.follow-up"
LINK_DAYS = 60


def follow_up_token(follow_up: FollowUp) -> str:
    return signing.dumps(follow_up.pk, salt=SALT, compress=False)


def follow_up_from_token(token: str) -> FollowUp | None:
    """The unanswered survey a valid, unexpired link points to; None for anything else."""
    try:
        pk = signing.loads(token[:500], salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        FollowUp.objects.select_related("request__organisation")
        .filter(pk=pk, answered_at__isnull=True, sent_at__isnull=False)
        .first()
    )


def follow_ups_send(*, today: datetime.date | None = None) -> int:
    """Send every survey that is due and not yet sent; running it twice sends nothing twice."""
    today = today or timezone.localdate()
    due = AdviceRequest.objects.filter(
        state=RequestState.CLOSED, follow_up_due__lte=today, follow_up__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        sent += _send_one(pk)
    return sent


@transaction.atomic
def _send_one(request_pk: int) -> int:
    request = (
        AdviceRequest.objects.select_for_update().select_related("organisation").get(pk=request_pk)
    )
    follow_up, created = FollowUp.objects.get_or_create(request=request)
    if not created:  # another run got here first
        return 0
    follow_up.sent_at = timezone.now()
    follow_up.save(update_fields=["sent_at"])
    link = reverse("advice:follow-up", args=[follow_up_token(follow_up)])
    notify(
        recipients=selectors.request_followers(request),
        kind=MAIL_FOLLOW_UP,
        template="advice/mail/follow_up",
        context={"request": request},
        link=link,
    )
    audit_record(actor=None, action=AUDIT_FOLLOW_UP_SENT, target=request)
    return 1


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    community_status: str,
    people_reached: int | None,
    advice_helped: bool | None,
    comment: str,
) -> FollowUp:
    """Store the organisation's answer; the link stops working."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.answered_at is not None:
        raise FollowUpAlreadyAnswered
    locked.community_status = community_status
    locked.people_reached = people_reached
    locked.advice_helped = advice_helped
    locked.comment = (comment or "").strip()[:2000]
    locked.answered_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(actor=None, action=AUDIT_FOLLOW_UP_ANSWERED, target=locked.request)
    return locked


class FollowUpAlreadyAnswered(Exception):
    pass
