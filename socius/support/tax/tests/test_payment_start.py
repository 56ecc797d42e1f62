import pytest

from socius.support.tax import services
from socius.support.tax.tests.conftest import MARKER_CPR


def test_the_yearly_mandate_is_started_once_per_commitment(donor, donor_user, monkeypatch):
    from socius.support.payments import services as payment_services

    calls = []
    monkeypatch.setattr(payment_services, "mandate_start", lambda **kw: calls.append(kw) or "m")
    services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    c = services.commitment_create(
        actor=donor_user, supporter=donor, yearly_amount_ore=120_000, accepted=True
    )
    assert (
        services.commitment_payment_start(commitment=c, provider="dev", return_url="http://x/")
        == "m"
    )
    services.commitment_payment_start(commitment=c, provider="dev", return_url="http://x/")
    assert calls[0]["purpose"] == "commitment"
    assert calls[0]["interval"] == "year"
    assert calls[0]["gift"] == c.gift
    assert calls[0]["amount_ore"] == 120_000
    assert calls[0]["idempotency_key"] == calls[1]["idempotency_key"]


@pytest.mark.django_db
def test_commitment_refused_without_acceptance_or_cpr(donor, donor_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=donor_user, supporter=donor, yearly_amount_ore=120_000, accepted=True
        )
    services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=donor_user, supporter=donor, yearly_amount_ore=120_000, accepted=False
        )
