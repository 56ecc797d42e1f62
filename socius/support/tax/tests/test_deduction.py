import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.support.models import Supporter
from socius.support.payments.models import Purpose
from socius.support.tax.caps import CAPS, cap_for
from socius.support.tax.selectors import capped, deduction_for
from socius.support.tax.tests.conftest import book


def test_the_2023_cap_is_17700_kr():
    assert cap_for(2023).ore == 1_770_000
    assert cap_for(2023).verified


def test_a_later_year_carries_the_last_figure_forward_unverified():
    assert cap_for(2099).ore == CAPS[max(CAPS)].ore
    assert not cap_for(2099).verified


@pytest.mark.django_db
def test_gifts_commitments_refunds_count_and_fees_do_not(donor):
    book(donor, 1_000_000)
    book(donor, 1_500_000)
    book(donor, -200_000, kind="refund")
    book(donor, 50_000, deductible=False)
    book(donor, 30_000, purpose=Purpose.MEMBERSHIP)
    book(donor, 120_000, purpose=Purpose.COMMITMENT)
    book(donor, 999_900, on=datetime.date(2025, 12, 31))
    s = deduction_for(supporter=donor, year=2026)
    assert s.gift_ore == 2_300_000 - 0  # 10000 + 15000 - 2000 kr.
    assert s.commitment_ore == 120_000
    assert s.gift_capped_ore == s.cap_ore  # over the cap
    assert s.capped_ore == s.cap_ore + 120_000
    assert not s.has_cpr


@given(st.lists(st.integers(-500_000, 3_000_000).filter(lambda v: v != 0), max_size=8))
@settings(max_examples=25)
@pytest.mark.django_db
def test_capped_never_exceeds_the_cap_and_sums_match_the_ledger(amounts):
    supporter = Supporter.objects.create(name="P", email="p@example.dk")
    for amount in amounts:
        book(supporter, amount, kind="capture" if amount > 0 else "refund")
    s = deduction_for(supporter=supporter, year=2026)
    assert 0 <= s.gift_capped_ore <= s.cap_ore
    assert s.gift_ore == sum(amounts)
    assert s.gift_capped_ore == capped(sum(amounts), s.cap_ore)
