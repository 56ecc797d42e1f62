"""Membership tiers: the treasurer creates and changes them through the pages; a new fee
applies from the next renewal (paid members keep their period); outsiders; hostile input."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.support import services
from socius.support.models import Membership, MembershipTier
from socius.support.payments.models import Payment
from socius.support.tests.support_helpers import capture, supporter_make, tier_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def treasurer(client):
    user = UserFactory(roles=[Role.TREASURER], totp=True)
    client.force_login(user)
    return user


def _data(**changes: str) -> dict[str, str]:
    data = {"name": "Studerende", "slug": "studerende", "description": "For studerende.",
            "for_kind": "person", "yearly_fee": "150", "active": "on", "position": "2"}  # fmt: skip
    data.update(changes)
    return data


def test_the_treasurer_creates_a_tier_from_the_list(client, treasurer):
    page = client.get(reverse("support:tier-list")).content.decode()
    assert reverse("support:tier-create") in page
    response = client.post(reverse("support:tier-create"), _data(yearly_fee="1.000,50"))
    assert response.status_code == 302
    tier = MembershipTier.objects.get()
    assert (tier.name, tier.slug, tier.yearly_fee_ore, tier.active, tier.position) == (
        "Studerende", "studerende", 1000_50, True, 2,
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="support.tier.create")
    assert entry.actor == treasurer
    page = client.get(reverse("support:tier-list")).content.decode()
    assert reverse("support:tier-edit", args=["studerende"]) in page
    assert "1.000,50 kr." in page


def test_the_home_page_links_to_the_tiers_for_the_treasurer(client, treasurer):
    page = client.get(reverse("support:home")).content.decode()
    assert reverse("support:tier-list") in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "negative"),
        ("1e9", ""),
        ("0,001", ""),
        ("", "required"),
        ("0", "at least"),
        ("2.000.000", "at most"),
        ("<script>alert(1)</script>", ""),
        ("9" * 500, ""),
    ],
)
def test_bad_fees_are_refused_and_the_input_kept(client, treasurer, amount, message):
    response = client.post(reverse("support:tier-create"), _data(yearly_fee=amount))
    body = response.content.decode()
    assert response.status_code == 200
    assert not MembershipTier.objects.exists()
    assert "error-summary" in body or "form-error" in body
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert 'value="Studerende"' in body  # what was typed is kept


def test_hostile_text_is_refused_or_escaped(client, treasurer):
    response = client.post(reverse("support:tier-create"), _data(name="x" * 500))
    assert response.status_code == 200
    assert not MembershipTier.objects.exists()
    for slug in ["<script>", "a/b", "x" * 200]:
        response = client.post(reverse("support:tier-create"), _data(slug=slug))
        assert response.status_code == 200
        assert not MembershipTier.objects.exists()
    response = client.post(reverse("support:tier-create"), _data(description="d" * 5000))
    assert response.status_code == 200
    for forged in [{"for_kind": "robot"}, {"position": "-1"}, {"position": "999999"}]:
        assert client.post(reverse("support:tier-create"), _data(**forged)).status_code == 200
    assert not MembershipTier.objects.exists()
    script = "<script>alert(1)</script>"
    client.post(reverse("support:tier-create"), _data(name=script, description=script))
    tier = MembershipTier.objects.get()
    assert tier.name == script  # kept as text ...
    page = client.get(reverse("support:tier-list")).content.decode()
    assert script not in page  # ... and shown escaped
    assert "&lt;script&gt;" in page
    # the slug must be unique
    response = client.post(reverse("support:tier-create"), _data(name="Andet"))
    assert response.status_code == 200
    assert MembershipTier.objects.count() == 1


def test_a_new_fee_applies_from_the_next_renewal(client, treasurer, memory_dev):
    tier = tier_make(fee=300_00)
    member = UserFactory()
    supporter = supporter_make(user=member)
    membership, payment = services.membership_join(
        actor=member, supporter=supporter, tier=tier, provider="dev", form_key="a" * 32
    )
    capture(payment)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    paid_until = membership.paid_until

    page = client.get(reverse("support:tier-edit", args=[tier.slug])).content.decode()
    assert "1 current member" in page
    assert "next renewal" in page
    assert 'value="300"' in page
    response = client.post(
        reverse("support:tier-edit", args=[tier.slug]),
        _data(name=tier.name, slug=tier.slug, yearly_fee="400"),
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    membership.refresh_from_db()
    assert tier.yearly_fee_ore == 400_00
    # the paid member keeps the paid period; nothing is charged or refunded now
    assert (membership.status, membership.paid_until) == (Membership.Status.ACTIVE, paid_until)
    assert Payment.objects.filter(membership=membership).count() == 1
    entry = AuditEntry.objects.get(action="support.tier.update")
    assert (entry.data["old_fee_ore"], entry.data["yearly_fee_ore"]) == (300_00, 400_00)
    # the next renewal asks for the new fee
    _same, renewal = services.membership_join(
        actor=member, supporter=supporter, tier=tier, provider="dev", form_key="b" * 32
    )
    assert renewal.amount_ore == 400_00
    capture(renewal)
    membership.refresh_from_db()
    assert membership.paid_until == services.year_after(paid_until)


def test_a_tier_with_members_keeps_its_kind(client, treasurer, memory_dev):
    tier = tier_make()
    supporter = supporter_make()
    Membership.objects.create(supporter=supporter, tier=tier)
    response = client.post(
        reverse("support:tier-edit", args=[tier.slug]),
        _data(name=tier.name, slug=tier.slug, for_kind="organisation", yearly_fee="300"),
    )
    assert response.status_code == 200
    assert "Create a new tier instead" in response.content.decode()
    tier.refresh_from_db()
    assert tier.for_kind == "person"
    # closing the tier for new members is fine
    response = client.post(
        reverse("support:tier-edit", args=[tier.slug]),
        _data(name=tier.name, slug=tier.slug, yearly_fee="300", active=""),
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    assert not tier.active


def test_tier_pages_are_403_for_others_and_404_for_unknown_tiers(client):
    tier = tier_make()
    urls = [reverse("support:tier-create"), reverse("support:tier-edit", args=[tier.slug])]
    for roles in ([Role.BOARD], [Role.EDITOR]):
        client.force_login(UserFactory(roles=roles, totp=True))
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, _data(yearly_fee="1")).status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code in (302, 403)
    tier.refresh_from_db()
    assert tier.yearly_fee_ore == 300_00
    client.force_login(UserFactory(roles=[Role.TREASURER], totp=True))
    assert client.get(reverse("support:tier-edit", args=["findes-ikke"])).status_code == 404


def test_the_services_check_the_actor(memory_dev):
    from django.core.exceptions import PermissionDenied

    tier = MembershipTier(slug="x", name="X", yearly_fee_ore=100_00)
    with pytest.raises(PermissionDenied):
        services.tier_create(actor=UserFactory(roles=[Role.BOARD], totp=True), tier=tier)
    assert not MembershipTier.objects.exists()


def test_the_tier_list_keeps_its_query_count(client, treasurer, django_assert_max_num_queries):
    for n in range(8):
        tier_make(slug=f"t{n}", name=f"T{n}", position=n)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support:tier-list")).status_code == 200
