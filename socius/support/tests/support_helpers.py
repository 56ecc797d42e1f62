"""Test helpers for support: tiers, campaigns, paying through the in-memory dev provider."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from socius.support.models import Campaign, MembershipTier, Supporter
from socius.support.payments import services as payments
from socius.support.payments.models import Payment
from socius.support.payments.tests.payments_support import webhook

_events = itertools.count(1)


def tier_make(slug: str = "personligt", fee: int = 300_00, **fields: Any) -> MembershipTier:
    return MembershipTier.objects.create(
        slug=slug, name=fields.pop("name", "Personligt medlemskab"), yearly_fee_ore=fee, **fields
    )


def campaign_make(**fields: Any) -> Campaign:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "slug": "ensomhed", "title": "Ensomhed blandt unge", "summary": "En undersøgelse.",
        "goal_ore": 10_000_00, "status": Campaign.Status.PUBLISHED,
        "permission_number": "24-700-01234", "starts_on": today - datetime.timedelta(days=1),
        "ends_on": today + datetime.timedelta(days=30), "suggested_amounts_ore": [200_00, 400_00],
    }  # fmt: skip
    values.update(fields)
    return Campaign.objects.create(**values)


def capture(payment: Payment, amount: int | None = None) -> None:
    """The provider's webhook saying the payment was captured."""
    body, headers = webhook(
        f"evt_{next(_events)}", "payment.captured", payment=payment.provider_ref,
        amount=amount or payment.amount_ore, reference=payment.reference,
    )  # fmt: skip
    payments.webhook_receive(provider="dev", body=body, headers=headers)


def fail(payment: Payment) -> None:
    body, headers = webhook(f"evt_{next(_events)}", "payment.failed", payment=payment.provider_ref,
                            reference=payment.reference)  # fmt: skip
    payments.webhook_receive(provider="dev", body=body, headers=headers)


def mandate_active(mandate: Any) -> None:
    body, headers = webhook(f"evt_{next(_events)}", "mandate.active", mandate=mandate.provider_ref,
                            reference=mandate.reference)  # fmt: skip
    payments.webhook_receive(provider="dev", body=body, headers=headers)


def supporter_make(name: str = "Karen Jensen", **fields: Any) -> Supporter:
    return Supporter.objects.create(
        name=name, email=f"{name.split()[0].lower()}@example.dk", **fields
    )
