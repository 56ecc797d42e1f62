"""The treasury's demo content: spending that links what exists, and a booked statement."""

import pytest

from socius.support.treasury.models import BankLine, BankStatement, Spending

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_spending_and_a_statement_once():
    from socius.core.demo import demo_seed as core_seed
    from socius.events.demo import demo_seed as events_seed
    from socius.support.demo import demo_seed as support_seed
    from socius.support.treasury.demo import demo_seed

    core_seed()
    events_seed()
    support_seed()
    assert demo_seed()
    assert demo_seed() == []  # idempotent
    event_line = Spending.objects.get(link_kind=Spending.LinkKind.EVENT)
    assert event_line.link_target
    assert Spending.objects.filter(link_kind="").exists()
    statement = BankStatement.objects.get()
    statuses = sorted(statement.lines.values_list("status", flat=True))
    assert statuses == [BankLine.Status.IGNORED, BankLine.Status.MATCHED, BankLine.Status.UNMATCHED]
