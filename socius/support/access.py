"""The one door to support's protected objects. A gift or a draft campaign is something a person
may not know exists: every refusal is a 404, exactly as for a missing object."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404

from socius.core.access import Viewer, user_can
from socius.core.roles import Capability
from socius.support.models import Campaign, Gift, Membership, MembershipTier, NewsletterIssue

if TYPE_CHECKING:
    from socius.accounts.models import User


def campaign_for_public(*, user: Viewer, slug: str) -> Campaign:
    """A published or ended campaign for anyone; a draft only for the treasurer."""
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    if campaign.status == Campaign.Status.DRAFT and not user_can(
        user, Capability.SUPPORT_TREASURER
    ):
        raise Http404
    return campaign


def campaign_for_treasurer(*, user: User, slug: str) -> Campaign:
    """Any campaign, for the treasurer (the view's decorator has already answered 403)."""
    if not user_can(user, Capability.SUPPORT_TREASURER):
        raise Http404
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def gift_for_owner(*, user: User, public_id: uuid.UUID | str) -> Gift:
    """One of the person's own gifts; everybody else's is a 404."""
    gift = (
        Gift.objects.filter(
            public_id=public_id, supporter__user=user, supporter__anonymised_at__isnull=True
        )
        .select_related("supporter", "campaign")
        .first()
    )
    if gift is None:
        raise Http404
    return gift


def membership_for_owner(*, user: User, public_id: uuid.UUID | str) -> Membership:
    """The person's own membership; everybody else's is a 404."""
    membership = (
        Membership.objects.filter(public_id=public_id, supporter__user=user)
        .select_related("supporter", "tier")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def tier_for_treasurer(*, user: User, slug: str) -> MembershipTier:
    """Any membership tier, for the treasurer (the view's decorator has already answered 403)."""
    if not user_can(user, Capability.SUPPORT_TREASURER):
        raise Http404
    tier = MembershipTier.objects.filter(slug=slug[:80]).first()
    if tier is None:
        raise Http404
    return tier


def newsletter_issue_for_editor(*, user: User, public_id: uuid.UUID | str) -> NewsletterIssue:
    """Any newsletter issue, for those who send the newsletter (the view's decorator has
    already answered 403 to others)."""
    if not user_can(user, Capability.SUPPORT_NEWSLETTER):
        raise Http404
    issue = NewsletterIssue.objects.filter(public_id=public_id).first()
    if issue is None:
        raise Http404
    return issue
