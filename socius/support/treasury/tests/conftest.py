"""Fixtures of the treasury's tests: a treasurer, supporters and bank-transfer payments."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from socius.core.roles import Role
from socius.support.models import Supporter
from socius.support.payments.models import Payment, Provider, Purpose
from socius.tests_support.factories import UserFactory

FILES = Path(__file__).parent / "files"
_keys = itertools.count()


def statement_bytes(name: str = "statement_valid.xml") -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def treasurer(db: None) -> Any:
    return UserFactory(roles=[Role.TREASURER], totp=True)


@pytest.fixture
def board_member(db: None) -> Any:
    return UserFactory(roles=[Role.BOARD], totp=True)


def supporter(name: str = "Anne Jensen") -> Supporter:
    return Supporter.objects.create(name=name, email=f"{next(_keys)}@example.dk")


def bank_payment(
    reference: str, amount_ore: int, *, purpose: str = Purpose.GIFT, name: str = "Anne Jensen"
) -> Payment:
    """A bank-transfer payment waiting for its money, as payment_start leaves it."""
    return Payment.objects.create(
        reference=reference,
        idempotency_key=f"test-{next(_keys)}",
        supporter=supporter(name),
        purpose=purpose,
        provider=Provider.BANK,
        amount_ore=amount_ore,
        status=Payment.Status.PENDING,
    )


@pytest.fixture
def payments(db: None) -> dict[str, Payment]:
    """The payments the test statement pays: one by free text, one by structured
    reference, and one the treasurer matches by hand (line 3 carries no reference)."""
    return {
        "anne": bank_payment("ST-7KQ4MX9A", 25_000),
        "forening": bank_payment("ST-HCT3N6WP", 30_000, name="Foreningen Bydelsmødre Aarhus"),
        "per": bank_payment("ST-D4GR7JVE", 50_000, name="Per Nielsen"),
    }


@pytest.fixture
def english_client(client: Any) -> Any:
    """The test client asking for English pages (the words the tests look for)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def treasurer_client(english_client: Any, treasurer: Any) -> Any:
    english_client.force_login(treasurer)
    return english_client


def upload(client: Any, data: bytes, name: str = "kontoudtog.xml") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("support_treasury:statement-upload"),
        {"file": SimpleUploadedFile(name, data, content_type="application/xml")},
    )
