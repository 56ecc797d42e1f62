"""Keeping the directory true: entries nobody confirms are flagged, their contacts told, then hidden."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from socius.advice.mail import MAIL_DIRECTORY
from socius.advice.models import HIDDEN_AFTER, STALE_AFTER, Community
from socius.core.mail import notify
from socius.core.models import Membership
from socius.core.search_registry import search_index_on_commit


def communities_check_stale() -> tuple[int, int]:
    """Remind the contacts of newly stale entries once, and drop newly hidden ones from search.

    Returns (reminded, hidden). Idempotent: a reminder is recorded on the entry."""
    now = timezone.now()
    reminded = 0
    stale = Community.objects.filter(
        is_active=True, confirmed_at__lt=now - STALE_AFTER, stale_reminded_at__isnull=True
    ).select_related("organisation")
    for community in stale:
        with transaction.atomic():
            community.stale_reminded_at = now
            community.save(update_fields=["stale_reminded_at"])
            _remind(community)
        reminded += 1
    hidden = Community.objects.filter(is_active=True, confirmed_at__lt=now - HIDDEN_AFTER)
    for pk in hidden.values_list("pk", flat=True):
        search_index_on_commit(kind="community", pk=pk)
    return reminded, hidden.count()


def _remind(community: Community) -> None:
    contacts = Membership.objects.filter(
        organisation=community.organisation, role=Membership.Role.CONTACT, user__is_active=True
    ).select_related("user")
    notify(
        recipients=[m.user for m in contacts],
        kind=MAIL_DIRECTORY,
        template="advice/mail/stale",
        context={"community": community},
        link=community.get_absolute_url(),
    )
