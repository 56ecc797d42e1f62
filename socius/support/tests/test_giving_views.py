"""Support's pages through the test client: joining and giving (double submit, hostile input),
campaigns (public, draft, treasurer), the supporter's page, the board's list; outsiders."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from socius.core.roles import Role
from socius.support import services
from socius.support.models import Campaign, Gift, Membership, Supporter
from socius.support.payments.models import Mandate, Payment
from socius.support.tests.support_helpers import campaign_make, capture, supporter_make, tier_make
from socius.tests_support.csv_rule import csv_rows_checked
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _form_key(client, url: str) -> str:
    page = client.get(url).content.decode()
    match = re.search(r'name="form_key" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def _gift_data(key: str, **extra: str) -> dict[str, str]:
    data = {"name": "Karen Hansen", "email": "karen@example.dk", "amount_choice": "other",
            "amount": "250", "frequency": "once", "provider": "dev", "form_key": key}  # fmt: skip
    data.update(extra)
    return data


def test_the_home_page_shows_tiers_campaigns_and_links(client):
    tier_make()
    campaign = campaign_make()
    response = client.get(reverse("support:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Personligt medlemskab" in body
    assert "300 kr." in body
    assert campaign.title in body
    assert reverse("support:newsletter-signup") in body
    assert reverse("support:campaign-create") not in body


def test_a_visitor_gives_once_and_is_sent_to_the_provider(client, memory_dev):
    url = reverse("support:gift-create")
    response = client.post(url, _gift_data(_form_key(client, url), amount="1.000,50"))
    gift = Gift.objects.get()
    payment = Payment.objects.get(gift=gift)
    assert response.status_code == 302
    assert response["Location"] == reverse("support:checkout", args=["betaling", payment.public_id])
    page = client.get(response["Location"]).content.decode()
    assert f'href="{payment.checkout_url}"' in page
    assert gift.amount_ore == 100_050
    assert gift.supporter.user is None
    assert gift.supporter.name == "Karen Hansen"


def test_a_double_click_charges_once(client, memory_dev):
    url = reverse("support:gift-create")
    data = _gift_data(_form_key(client, url))
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Gift.objects.count() == 1
    assert Payment.objects.count() == 1
    assert Supporter.objects.count() == 1  # a visitor's second click makes no second supporter


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "negative"),
        ("1e9", ""),
        ("0,001", ""),
        ("", "Write the amount"),
        ("5", "at least"),
        ("<script>alert(1)</script>", ""),
        ("9" * 500, ""),
    ],
)
def test_bad_amounts_get_a_clear_error_and_keep_the_input(client, memory_dev, amount, message):
    url = reverse("support:gift-create")
    response = client.post(url, _gift_data(_form_key(client, url), amount=amount))
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body or "form-error" in body
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert "Karen Hansen" in body
    assert not Gift.objects.exists()


def test_forged_choices_are_refused(client, memory_dev):
    url = reverse("support:gift-create")
    key = _form_key(client, url)
    for data in (
        _gift_data(key, provider="stripe"),
        _gift_data(key, frequency="hourly"),
        _gift_data(key, amount_choice="1"),
        _gift_data("forged"),
        _gift_data(key, name="x" * 5000),
    ):
        assert client.post(url, data).status_code == 200
    assert not Gift.objects.exists()


def test_a_suggested_campaign_amount_is_given_to_the_campaign(client, memory_dev):
    campaign = campaign_make()
    url = reverse("support:gift-create") + f"?kampagne={campaign.slug}"
    response = client.post(
        url, _gift_data(_form_key(client, url), amount_choice="20000", amount="",
                        campaign=campaign.slug, deductible="on"),
    )  # fmt: skip
    gift = Gift.objects.get()
    assert response.status_code == 302
    assert (gift.amount_ore, gift.campaign, gift.deductible) == (200_00, campaign, True)


def test_a_draft_campaign_is_404_for_the_public_and_shown_to_the_treasurer(client):
    draft = campaign_make(status=Campaign.Status.DRAFT, permission_number="")
    url = reverse("support:campaign-detail", args=[draft.slug])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("support:gift-create") + "?kampagne=" + draft.slug).status_code == 404
    client.force_login(UserFactory(roles=[Role.TREASURER], totp=True))
    assert client.get(url).status_code == 200


def test_the_campaign_page_shows_permission_and_progress(client, memory_dev):
    campaign = campaign_make()
    gift, _url = services.gift_give(
        actor=UserFactory(), supporter=supporter_make(), amount_ore=2_500_00, frequency="once",
        provider="dev", form_key="a" * 32, campaign=campaign,
    )  # fmt: skip
    capture(Payment.objects.get(gift=gift))
    body = client.get(reverse("support:campaign-detail", args=[campaign.slug])).content.decode()
    assert "permission no. 24-700-01234" in body
    assert "2.500 kr. of 10.000 kr. raised" in body
    assert 'value="25"' in body


def test_treasurer_pages_are_403_for_others(client):
    campaign = campaign_make()
    urls = [reverse("support:campaign-create"), reverse("support:tier-list"),
            reverse("support:campaign-edit", args=[campaign.slug])]  # fmt: skip
    client.force_login(UserFactory(roles=[Role.BOARD], totp=True))
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "x"}).status_code == 403


def test_the_treasurer_cannot_publish_without_a_permission_number(client):
    client.force_login(UserFactory(roles=[Role.TREASURER], totp=True))
    data = {"title": "Ny kampagne", "slug": "ny", "summary": "Kort", "status": "published",
            "starts_on": "2027-01-01", "ends_on": "2027-03-01", "goal": "50.000",
            "suggested": "100; 250"}  # fmt: skip
    response = client.post(reverse("support:campaign-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "permission number" in body
    assert not Campaign.objects.exists()
    data["permission_number"] = "24-700-09999"
    response = client.post(reverse("support:campaign-create"), data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert (campaign.goal_ore, campaign.suggested_amounts_ore) == (5_000_000, [100_00, 250_00])


def test_mine_needs_a_login_and_shows_only_ones_own(client, memory_dev):
    assert client.get(reverse("support:mine")).status_code == 302
    owner, other = UserFactory(), UserFactory()
    supporter = services.supporter_for(actor=owner, name="Bo Berg", email="bo@example.dk")
    gift, _url = services.gift_give(actor=owner, supporter=supporter, amount_ore=100_00,
                                    frequency="monthly", provider="dev", form_key="b" * 32)  # fmt: skip
    client.force_login(other)
    assert client.get(reverse("support:gift-cancel", args=[gift.public_id])).status_code == 404
    assert client.post(reverse("support:gift-cancel", args=[gift.public_id])).status_code == 404
    assert "Bo Berg" not in client.get(reverse("support:mine")).content.decode()
    client.force_login(owner)
    body = client.get(reverse("support:mine")).content.decode()
    assert "Stop the gift of 100 kr." in body
    response = client.post(reverse("support:gift-cancel", args=[gift.public_id]))
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.status == Gift.Status.CANCELLED
    assert Mandate.objects.get(gift=gift).status == Mandate.Status.STOPPED


def test_join_as_a_person_and_pay(client, memory_dev):
    tier = tier_make()
    user = UserFactory()
    client.force_login(user)
    url = reverse("support:membership-join")
    data = {"name": "Bo Berg", "email": "bo@example.dk", "tier": str(tier.pk), "provider": "dev",
            "form_key": _form_key(client, url)}  # fmt: skip
    response = client.post(url, data)
    membership = Membership.objects.get()
    assert response.status_code == 302
    assert membership.supporter.user == user
    capture(Payment.objects.get(membership=membership))
    body = client.get(reverse("support:mine")).content.decode()
    assert "Personligt medlemskab: Active." in body
    resign = reverse("support:membership-resign", args=[membership.public_id])
    client.force_login(UserFactory())
    assert client.post(resign).status_code == 404


def test_the_members_list_is_for_the_board_with_fixed_queries(
    client, memory_dev, django_assert_max_num_queries
):
    tier = tier_make()
    for n in range(6):
        Membership.objects.create(supporter=supporter_make(f"Medlem{n} X"), tier=tier)
    url = reverse("support:members")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse("support:members-csv")).status_code == 403
    client.force_login(UserFactory(roles=[Role.BOARD], totp=True))
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert "Medlem5 X" in response.content.decode()
    rows = csv_rows_checked(client.get(reverse("support:members-csv")))
    assert len(rows) == 7


def test_the_campaign_list_keeps_its_query_count(client, django_assert_max_num_queries):
    for n in range(5):
        campaign_make(slug=f"k{n}", title=f"Kampagne {n}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("support:campaign-list"))
    assert "Kampagne 4" in response.content.decode()


def test_the_treasurer_sees_the_management_links(client):
    client.force_login(UserFactory(roles=[Role.TREASURER], totp=True))
    body = client.get(reverse("support:home")).content.decode()
    assert reverse("support:campaign-create") in body
    assert reverse("support:tier-list") in body
    assert reverse("support:members") in body


def test_mine_keeps_its_query_count(client, memory_dev, django_assert_max_num_queries):
    user = UserFactory()
    supporter = services.supporter_for(actor=user, name="Bo Berg", email="bo@example.dk")
    campaign = campaign_make()
    for n in range(4):
        services.gift_give(actor=user, supporter=supporter, amount_ore=100_00 + n,
                           frequency="monthly" if n % 2 else "once", provider="dev",
                           form_key=f"{n}" * 32, campaign=campaign)  # fmt: skip
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("support:mine"))
    assert response.content.decode().count("Stop the gift of") == 2
