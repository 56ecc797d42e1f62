"""The bookkeeping export: one CSV per period from the ledger, totals to the øre."""

import datetime

import pytest
from django.urls import reverse

from socius.support.payments.models import LedgerEntry, Provider, Purpose
from socius.support.treasury.tests.conftest import bank_payment
from socius.tests_support.csv_rule import csv_rows_checked

pytestmark = pytest.mark.django_db
URL = reverse("support_treasury:bookkeeping-csv")


def _entry(payment, amount_ore, day, kind=LedgerEntry.Kind.CAPTURE, key=None):
    return LedgerEntry.objects.create(
        payment=payment,
        supporter=payment.supporter,
        purpose=payment.purpose,
        kind=kind,
        amount_ore=amount_ore,
        provider=Provider.BANK,
        source_key=key or f"test:{payment.reference}:{amount_ore}:{day}",
        booked_on=datetime.date.fromisoformat(day),
    )


@pytest.fixture
def ledger(db):
    gift = bank_payment("ST-AAAA3333", 123_456)
    fee = bank_payment("ST-CCCC4444", 30_001, purpose=Purpose.MEMBERSHIP)
    _entry(gift, 123_456, "2026-03-01")
    _entry(gift, -23_456, "2026-03-05", kind=LedgerEntry.Kind.REFUND)
    _entry(fee, 30_001, "2026-06-30")
    _entry(fee, 99_999, "2027-01-01", key="outside")
    return gift, fee


def _ore(text):
    if not text:
        return 0
    whole, ore = text.split(",")
    return int(whole) * 100 + int(ore)


def test_the_csv_totals_equal_the_ledger_to_the_ore(treasurer_client, ledger):
    response = treasurer_client.get(URL, {"fra": "2026-01-01", "til": "2026-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "bogfoering-2026-01-01-2026-12-31.csv" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    rows = csv_rows_checked(response)
    header, body = rows[0], rows[1:]
    assert header == ["Date", "Voucher", "Account", "Provider", "In (kr.)", "Out (kr.)", "Kind"]
    assert [(r[4], r[5]) for r in body] == [
        ("1234,56", ""),
        ("", "234,56"),
        ("300,01", ""),
        ("1534,57", "234,56"),  # the totals
    ]
    entries, totals = body[:-1], body[-1]
    net = sum(_ore(r[4]) - _ore(r[5]) for r in entries)
    in_period = LedgerEntry.objects.filter(booked_on__year=2026)
    assert net == sum(e.amount_ore for e in in_period) == 130_001
    assert _ore(totals[4]) - _ore(totals[5]) == net
    assert totals[1] == "Total"
    assert entries[0][0] == "2026-03-01"
    assert entries[0][1].startswith("ST-AAAA3333/")
    assert entries[1][6] == "Refund"
    assert entries[2][2] == "Membership fee"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"fra": "2026-02-30", "til": "2026-03-01"}, "Enter a valid date."),
        ({"fra": "01-01-2026", "til": "2026-03-01"}, "Enter a valid date."),
        ({"fra": "2026-03-01", "til": "2026-01-01"}, "must end on or after"),
        ({"fra": "2020-01-01", "til": "2026-01-01"}, "at most 2 years"),
        ({"fra": "<script>", "til": ""}, "This field is required."),
        ({"fra": "9" * 500, "til": "2026-01-01"}, "Enter a valid date."),
    ],
)
def test_bad_periods_are_refused_with_a_clear_message(treasurer_client, ledger, query, says):
    response = treasurer_client.get(URL, query)
    assert response.status_code == 400
    assert says in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_without_a_period_the_page_asks_for_one(treasurer_client):
    response = treasurer_client.get(URL)
    assert response.status_code == 200
    assert "Download CSV" in response.text


@pytest.mark.parametrize("who", ["outsider", "board"])
def test_others_may_not_export(client, outsider, board_member, ledger, who):
    client.force_login(outsider if who == "outsider" else board_member)
    assert client.get(URL, {"fra": "2026-01-01", "til": "2026-12-31"}).status_code == 403
