"""The demo content: tiers, a published campaign with its (demo) permission number, paying
members and gifts booked in the ledger through the payments' services; idempotent."""

from __future__ import annotations

import pytest

from socius.core.demo import demo_seed as core_seed
from socius.support.demo import CAMPAIGN_SLUG, demo_seed
from socius.support.models import Campaign, Membership, MembershipTier
from socius.support.selectors import campaign_progress

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(settings):
    settings.SUPPORT_PROVIDERS = ["bank"]
    core_seed()
    assert demo_seed()
    assert demo_seed() == []
    assert MembershipTier.objects.count() == 3
    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    assert "demo" in campaign.permission_number
    assert campaign_progress(campaign) == (1_500_00, 150_000_00)
    assert Membership.objects.filter(status=Membership.Status.ACTIVE).count() == 3
