"""The daily commands: payments_charge_due and payments_reconcile."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socius.support.payments import services
from socius.support.payments.models import Mandate, Reconciliation
from socius.support.payments.tests.payments_support import (
    memory_dev_fixture,  # noqa: F401
    start_kwargs,
    supporter_make,
    webhook,
)

pytestmark = pytest.mark.django_db


def test_payments_charge_due_charges_what_is_due(memory_dev):
    mandate = services.mandate_start(**start_kwargs(supporter_make(), "c-1", interval="year"))
    body, headers = webhook("evt_m", "mandate.active", mandate=mandate.provider_ref)
    services.webhook_receive(provider="dev", body=body, headers=headers)
    Mandate.objects.filter(pk=mandate.pk).update(next_charge_on="2026-01-31")
    out = StringIO()
    call_command("payments_charge_due", "--today", "2026-02-01", stdout=out, verbosity=0)
    call_command("payments_charge_due", "--today", "2026-02-01", stdout=out, verbosity=0)
    assert "1 charged, 0 failed (0 stopped)" in out.getvalue()
    assert "0 charged" in out.getvalue()
    mandate.refresh_from_db()
    assert str(mandate.next_charge_on) == "2027-01-31"


def test_payments_reconcile_reports_differences(memory_dev):
    payment = services.payment_start(**start_kwargs(supporter_make(), "c-2"))
    body, headers = webhook("evt_c", "payment.captured", payment=payment.provider_ref)
    services.webhook_receive(provider="dev", body=body, headers=headers)
    out = StringIO()
    call_command("payments_reconcile", stdout=out, verbosity=0)
    assert "dev: 1 checked, 1 difference(s)" in out.getvalue()  # the provider says 0
    assert (
        Reconciliation.objects.filter(provider="dev").get().differences[0]["ledger_ore"] == 25_000
    )
