import datetime

import pytest

from socius.core.roles import Role
from socius.support.models import Gift, Supporter
from socius.support.payments.models import LedgerEntry, Payment, Purpose
from socius.tests_support.factories import UserFactory

# Valid date 01-01-1990 (7th digit 1 → 1900s); fails modulus 11 (weights 4327654321).
MARKER_CPR = "0101901236"


def mod11_ok(digits: str) -> bool:
    return (
        sum(int(d) * w for d, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11
        == 0
    )


@pytest.fixture
def treasurer(db):
    return UserFactory(roles=[Role.TREASURER], totp=True, email="kasserer@example.dk")


@pytest.fixture
def donor_user(db):
    return UserFactory(email="giver@example.dk")


@pytest.fixture
def donor(donor_user):
    return Supporter.objects.create(user=donor_user, name="Grete Giver", email=donor_user.email)


_counter = iter(range(1, 10**9))


def book(supporter, amount_ore, *, purpose=Purpose.GIFT, deductible=True, on=None, kind="capture"):
    """A ledger entry as payments would book it (with its payment and gift)."""
    n = next(_counter)
    on = on or datetime.date(2026, 3, 1)
    gift = None
    if purpose == Purpose.GIFT:
        gift = Gift.objects.create(
            supporter=supporter,
            amount_ore=max(abs(amount_ore), 100),
            deductible=deductible,
            status="paid",
        )
    payment = Payment.objects.create(
        reference=f"R{n}",
        idempotency_key=f"k{n}",
        supporter=supporter,
        purpose=purpose,
        gift=gift,
        provider="bank",
        amount_ore=max(abs(amount_ore), 100),
        status="captured",
    )
    return LedgerEntry.objects.create(
        payment=payment,
        supporter=supporter,
        purpose=purpose,
        kind=kind,
        amount_ore=amount_ore,
        provider="bank",
        source_key=f"s{n}",
        booked_on=on,
    )


@pytest.fixture(autouse=True)
def _no_payment_provider(settings):
    # Starting the yearly mandate is tested on its own (test_payment_start.py).
    settings.SUPPORT_PROVIDERS = []
