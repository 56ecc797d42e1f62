import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from socius.core.models import Municipality, Theme
from socius.core.roles import Role
from socius.grants import services
from socius.grants.models import Pool
from socius.tests_support.factories import OrganisationFactory, UserFactory


@pytest.fixture
def case_handler(db):
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True, email="sagsbehandler@example.dk")


@pytest.fixture
def reviewers(db):
    return [
        UserFactory(roles=[Role.ADVISOR], totp=True, email=f"bedoemmer{i}@example.dk")
        for i in range(2)
    ]


@pytest.fixture
def pool(db):
    return Pool.objects.create(
        name="§ 18-midler",
        slug="paragraf-18",
        legal_basis="Serviceloven § 18",
        municipality=Municipality.objects.get(code="751"),
        requires_cvr=False,
        gates=[
            "local_roots",
            "non_profit",
            "unpaid_board",
            "voluntary_core",
            "budget",
            "last_year_report",
        ],
    )


@pytest.fixture
def open_round(pool, case_handler):
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name="§ 18-midler 2027",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        budget=Decimal(100_000),
    )
    services.round_open(actor=case_handler, round_=round_)
    return round_


@pytest.fixture
def association(citizen):
    return OrganisationFactory(name="Spisefællesskabet Gellerup", contact=citizen)


def application_data(**overrides):
    data = {
        "title": "Fællesspisning for ensomme ældre",
        "summary": "Hver torsdag laver frivillige mad sammen med ældre, der bor alene.",
        "theme": Theme.objects.get(slug="aeldre"),
        "target_group": "Ældre, der bor alene",
        "participants": 40,
        "volunteers": 12,
        "board_unpaid": True,
        "amount_requested": Decimal(30_000),
        "minimum_amount": Decimal(20_000),
        "budget_items": [
            {"activity": "Råvarer", "amount": "20000"},
            {"activity": "Husleje", "amount": "10000"},
        ],
    }
    data.update(overrides)
    return data


def close_and_decide(round_, staff, *, body="Socialudvalget"):
    """Let the deadline pass, close the round, propose amounts and record the decision."""
    type(round_).objects.filter(pk=round_.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    round_.refresh_from_db()
    services.round_close(actor=staff, round_=round_)
    run = services.allocation_run(actor=staff, round_=round_)
    services.round_decide(
        actor=staff, round_=round_, run=run, body=body, decided_on=datetime.date(2027, 6, 1)
    )
    return run
