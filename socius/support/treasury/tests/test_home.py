"""The treasurer's start page."""

import pytest
from django.urls import reverse

from socius.support.models import Campaign
from socius.support.payments.models import Mandate, Reconciliation
from socius.support.treasury.tests.conftest import bank_payment, supporter

pytestmark = pytest.mark.django_db
URL = reverse("support_treasury:treasurer-home")


def test_the_treasurer_sees_members_gifts_failing_mandates_and_reconciliation(treasurer_client):
    Mandate.objects.create(
        supporter=supporter("Karen Failing"), purpose="gift", provider="dev", amount_ore=10_000,
        interval="month", status=Mandate.Status.FAILING, idempotency_key="m1",
        last_failure="Kortet er udløbet",
    )  # fmt: skip
    payment = bank_payment("ST-AAAA3333", 10_000)
    Reconciliation.objects.create(
        provider="bank", checked=3,
        differences=[{"payment": str(payment.public_id), "reference": payment.reference,
                      "ledger_ore": 0, "provider_ore": 10_000, "note": "captured differs"}],
    )  # fmt: skip
    import datetime

    Campaign.objects.create(
        slug="vinter", title="Vinterhjælp", summary="Varme til alle", goal_ore=100_000,
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 2, 1),
    )  # fmt: skip
    page = treasurer_client.get(URL)
    assert page.status_code == 200
    text = page.text
    assert "Karen Failing" in text
    assert "Kortet er udløbet" in text
    assert "ST-AAAA3333" in text
    assert "captured differs" in text
    assert "Vinterhjælp" in text
    for name in ("statement-upload", "bookkeeping-csv", "spending-list", "money-public"):
        assert reverse(f"support_treasury:{name}") in text
    try:
        assert reverse("support_tax:report-list") in text
    except Exception as exc:  # the tax part not installed yet
        pytest.skip(str(exc))


@pytest.mark.parametrize("who", ["outsider", "board"])
def test_others_are_refused(client, outsider, board_member, who):
    client.force_login(outsider if who == "outsider" else board_member)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_log_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response.url
