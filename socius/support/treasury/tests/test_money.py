"""Where the money went (public) and the treasurer's spending pages."""

import datetime

import pytest
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.events.tests.pages_support import published
from socius.support.payments.models import LedgerEntry, Provider, Purpose
from socius.support.treasury.models import Spending
from socius.support.treasury.tests.conftest import bank_payment
from socius.tests_support.pages import main_of, query_count

pytestmark = pytest.mark.django_db
CREATE = reverse("support_treasury:spending-create")


def _booked(payment, amount_ore, day, kind=LedgerEntry.Kind.CAPTURE):
    LedgerEntry.objects.create(
        payment=payment, supporter=payment.supporter, purpose=payment.purpose, kind=kind,
        amount_ore=amount_ore, provider=Provider.BANK, source_key=f"t:{amount_ore}:{day}",
        booked_on=datetime.date.fromisoformat(day),
    )  # fmt: skip


def _spend(**changes):
    fields = {
        "year": 2026, "spent_on": datetime.date(2026, 5, 1), "amount_ore": 1_250_050,
        "category": Spending.Category.EVENTS, "title": "Konference om fællesskaber",
    }  # fmt: skip
    fields.update(changes)
    return Spending.objects.create(**fields)


@pytest.fixture
def money(db):
    gift = bank_payment("ST-AAAA3333", 100_000)
    fee = bank_payment("ST-CCCC4444", 30_000, purpose=Purpose.MEMBERSHIP)
    _booked(gift, 100_000, "2026-02-01")
    _booked(gift, -40_000, "2026-03-01", kind=LedgerEntry.Kind.REFUND)
    _booked(fee, 30_000, "2026-04-01")
    _booked(fee, 30_000, "2025-04-01")
    event = published(slug="konference-2026")
    _spend(link_kind=Spending.LinkKind.EVENT, link_target=event.slug)
    _spend(title="Husleje", category=Spending.Category.ADMINISTRATION, amount_ore=600_000,
           link_kind=Spending.LinkKind.OTHER, link_target="/om/")  # fmt: skip
    _spend(title="Gammel rapport", link_kind=Spending.LinkKind.EVENT, link_target="findes-ikke")
    return event


def test_the_public_page_shows_income_net_of_refunds_and_spending_with_links(english_client, money):
    page = main_of(english_client, reverse("support_treasury:money-year", args=[2026]))
    assert "Where the money went in 2026" in page
    assert "600 kr." in page  # gifts: 1.000 kr. less a 400 kr. refund
    assert "300 kr." in page  # membership fees
    assert "900 kr." in page  # in all
    assert "In all 31.001 kr." in page  # spending: 12.500,50 + 6.000 + 12.500,50
    assert f'href="{money.get_absolute_url()}"' in page
    assert 'href="/om/"' in page
    assert "Gammel rapport" in page  # listed, but its missing page is not linked
    assert "The numbers behind" in page  # the chart's data table
    assert "<table" in page
    assert "12.500,50 kr." in page
    assert 'href="/stoet/pengene/2025/"' in page


def test_other_years_and_the_current_year(english_client, money):
    assert english_client.get(reverse("support_treasury:money-public")).status_code == 200
    assert (
        english_client.get(reverse("support_treasury:money-year", args=[1999])).status_code == 404
    )
    page = main_of(english_client, reverse("support_treasury:money-year", args=[2025]))
    assert "Nothing is recorded for this year yet." in page


def test_the_public_page_has_a_fixed_number_of_queries(english_client, money):
    url = reverse("support_treasury:money-year", args=[2026])
    few = query_count(english_client, url)
    for n in range(5):
        _spend(title=f"Udgift {n}", link_kind=Spending.LinkKind.OTHER, link_target="/om/")
    assert query_count(english_client, url) == few


def _form(**changes):
    data = {
        "spent_on": "2026-05-01", "amount": "1.000,50", "category": "research",
        "title": "Undersøgelse af ensomhed", "description": "", "link_kind": "other",
        "link_target": "/om/",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_treasurer_adds_and_edits_spending(treasurer_client):
    response = treasurer_client.post(CREATE, _form())
    assert response.status_code == 302
    item = Spending.objects.get()
    assert (item.amount_ore, item.year, item.category) == (100_050, 2026, "research")
    assert AuditEntry.objects.filter(action="treasury.spending.save").count() == 1
    edit = reverse("support_treasury:spending-edit", args=[item.pk])
    assert "1.000,50" in treasurer_client.get(edit).text
    treasurer_client.post(edit, _form(amount="2.000", spent_on="2025-12-31"))
    item.refresh_from_db()
    assert (item.amount_ore, item.year) == (200_000, 2025)
    listing = treasurer_client.get(reverse("support_treasury:spending-list")).text
    assert "Undersøgelse af ensomhed" in listing
    assert "2.000 kr." in listing


@pytest.mark.parametrize(
    ("changes", "field_says"),
    [
        ({"amount": "-5"}, "cannot be negative"),
        ({"amount": "1e9"}, "Enter an amount in kroner"),
        ({"amount": "0,001"}, "Write the amount the Danish way"),
        ({"amount": ""}, "This field is required."),
        ({"amount": "0"}, "at least"),
        ({"title": "x" * 201}, "at most 200 characters"),
        (
            {"title": "<script>alert(1)</script>", "link_target": "//evil.example/"},
            "Nothing public",
        ),
        ({"link_target": "https://evil.example/"}, "Nothing public"),
        ({"link_kind": "event", "link_target": "findes-ikke"}, "Nothing public"),
        ({"link_kind": "event", "link_target": ""}, "Give the address"),
        ({"link_kind": "forged"}, "Select a valid choice"),
        ({"category": "bribes"}, "Select a valid choice"),
        ({"spent_on": "31-12-2026"}, "Enter a valid date."),
        ({"description": "y" * 2001}, "at most 2000 characters"),
    ],
)
def test_hostile_spending_input_is_refused_and_kept(treasurer_client, changes, field_says):
    response = treasurer_client.post(CREATE, _form(**changes))
    assert response.status_code == 400
    assert field_says in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert not Spending.objects.exists()
    if "title" not in changes:
        assert "Undersøgelse af ensomhed" in response.text  # what was typed is kept


def test_the_amount_1000_50_is_read_the_danish_way(treasurer_client):
    treasurer_client.post(CREATE, _form(amount="1.000,50"))
    assert Spending.objects.get().amount_ore == 100_050


@pytest.mark.parametrize("who", ["outsider", "board"])
def test_others_may_not_manage_spending(client, outsider, board_member, who):
    client.force_login(outsider if who == "outsider" else board_member)
    item = _spend()
    for url in (
        reverse("support_treasury:spending-list"),
        CREATE,
        reverse("support_treasury:spending-edit", args=[item.pk]),
        reverse("support_treasury:spending-edit", args=[999]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, _form()).status_code == 403
    assert Spending.objects.count() == 1


def test_a_missing_spending_line_is_404_for_the_treasurer(treasurer_client):
    assert (
        treasurer_client.get(reverse("support_treasury:spending-edit", args=[999])).status_code
        == 404
    )


def test_the_spending_list_has_a_fixed_number_of_queries(treasurer_client):
    url = reverse("support_treasury:spending-list")
    _spend()
    few = query_count(treasurer_client, url)
    for n in range(5):
        _spend(title=f"Udgift {n}")
    assert query_count(treasurer_client, url) == few
