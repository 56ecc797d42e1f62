"""Commitments paid by the donor's chosen provider; bank transfers get one payment a year
(started in January by ``support_commitments``); a stopped gift stops the commitment."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.support import services as giving
from socius.support.models import Gift
from socius.support.payments import services as payments
from socius.support.payments.models import Mandate, Payment
from socius.support.tax import services
from socius.support.tax.models import Commitment
from socius.support.tax.tests.conftest import MARKER_CPR
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture
def bank_only(settings):
    settings.SUPPORT_PROVIDERS = ["bank"]


def _commit(donor, donor_user, *, provider="bank", now=NOW):
    if not hasattr(donor, "donor_identity"):
        services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    return services.commitment_create(
        actor=donor_user, supporter=donor, yearly_amount_ore=120_000, accepted=True,
        provider=provider, now=now,
    )  # fmt: skip


def test_the_donor_chooses_among_the_enabled_providers(client, donor_user, settings):
    settings.SUPPORT_PROVIDERS = ["dev", "bank"]
    client.force_login(donor_user)
    page = client.get(reverse("support_tax:commitment-create")).content.decode()
    assert 'type="radio" name="provider" value="dev"' in page
    assert 'type="radio" name="provider" value="bank"' in page


@pytest.mark.parametrize("provider", ["", "stripe", "<script>", "bank" * 50, "vipps"])
def test_a_forged_or_missing_provider_is_refused(client, donor_user, bank_only, provider):
    client.force_login(donor_user)
    r = client.post(
        reverse("support_tax:commitment-create"),
        {"yearly_amount": "1.200", "accept": "on", "provider": provider,
         "cpr-cpr": MARKER_CPR, "cpr-consent": "on"},
    )  # fmt: skip
    assert r.status_code == 200
    assert not Commitment.objects.exists()
    assert "1.200" in r.content.decode()  # what was typed is kept
    assert "<script>" not in r.content.decode().split('name="provider"')[0][-200:]


def test_a_bank_commitment_starts_this_years_payment_and_shows_the_instructions(
    client, donor_user, bank_only
):
    client.force_login(donor_user)
    r = client.post(
        reverse("support_tax:commitment-create"),
        {"yearly_amount": "1.200", "accept": "on", "provider": "bank",
         "cpr-cpr": MARKER_CPR, "cpr-consent": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    c = Commitment.objects.get()
    assert c.provider == "bank"
    assert not Mandate.objects.exists()
    payment = Payment.objects.get()
    year = c.first_year
    assert payment.idempotency_key == f"commitment:{c.public_id}:{year}"
    assert (payment.purpose, payment.gift, payment.amount_ore) == ("commitment", c.gift, 120_000)
    page = client.get(r["Location"]).content.decode()
    assert reverse("support_payments:bank-instructions", args=[payment.public_id]) in page
    assert payment.reference in page


def test_the_same_year_gives_the_same_payment(donor, donor_user, bank_only):
    c = _commit(donor, donor_user)
    first = services.commitment_payment_start(commitment=c, return_url="", year=2026)
    again = services.commitment_payment_start(commitment=c, return_url="", year=2026)
    assert first.pk == again.pk
    assert Payment.objects.count() == 1


def test_january_starts_each_running_bank_commitment_once_and_mails_the_reference(
    donor, donor_user, bank_only, mailbox, django_capture_on_commit_callbacks
):
    c = _commit(donor, donor_user)
    services.commitment_payment_start(commitment=c, return_url="", year=2026)
    other = UserFactory(email="stoppet@example.dk")
    stopped_supporter = type(donor).objects.create(user=other, name="S", email=other.email)
    stopped = _commit(stopped_supporter, other)
    services.commitment_stopped(gift_id=stopped.gift_id)
    before = len(mailbox.messages)

    assert services.commitments_yearly(today=datetime.date(2027, 2, 1)) == {
        "started": 0, "already": 0,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.commitments_yearly(today=datetime.date(2027, 1, 3))
    assert counts == {"started": 1, "already": 0}
    payment = Payment.objects.get(idempotency_key=f"commitment:{c.public_id}:2027")
    assert payment.supporter == donor
    assert payment.gift == c.gift
    assert not Payment.objects.filter(gift=stopped.gift).exists()
    new = mailbox.messages[before:]
    assert len(new) == 1
    assert payment.reference in str(new[0])
    assert "giver@example.dk" in str(new[0]["To"])
    # idempotent: a second run the next day starts and mails nothing
    with django_capture_on_commit_callbacks(execute=True):
        again = services.commitments_yearly(today=datetime.date(2027, 1, 4))
    assert again == {"started": 0, "already": 1}
    assert len(mailbox.messages) == before + 1
    assert AuditEntry.objects.filter(action="support_tax.commitment.payments").count() == 1


def test_no_payment_after_the_last_year(donor, donor_user, bank_only):
    c = _commit(donor, donor_user)
    assert services.commitments_yearly(today=datetime.date(c.last_year, 1, 2))["started"] == 1
    assert services.commitments_yearly(today=datetime.date(c.last_year + 1, 1, 2))["started"] == 0


def test_the_command_shows_progress_and_is_idempotent(donor, donor_user, bank_only):
    _commit(donor, donor_user)
    out, err = io.StringIO(), io.StringIO()
    call_command("support_commitments", "--date", "2027-01-05", stdout=out, stderr=err)
    assert "started=1" in out.getvalue()
    assert "Commitments" in err.getvalue()  # the progress bar
    out = io.StringIO()
    call_command("support_commitments", "--date", "2027-01-06", "--quiet", stdout=out)
    assert "started=0 already=1" in out.getvalue()


def test_a_stopped_mandate_stops_the_commitment(client, donor, donor_user, settings):
    settings.SUPPORT_PROVIDERS = ["dev"]
    c = _commit(donor, donor_user, provider="dev")
    mandate = Mandate.objects.create(
        supporter=donor, purpose="commitment", gift=c.gift, provider="dev", amount_ore=120_000,
        interval="year", status="active", idempotency_key="m1",
    )  # fmt: skip
    payments.mandate_stop(mandate=mandate, actor=None)
    c.refresh_from_db()
    assert c.stopped_at is not None
    assert AuditEntry.objects.filter(action="support_tax.commitment.stop").count() == 1
    client.force_login(donor_user)
    page = client.get(reverse("support_tax:commitment-detail", args=[c.public_id])).content
    assert b'id="commitment-stopped"' in page


def test_a_cancelled_gift_stops_the_commitment_once(client, donor, donor_user, bank_only):
    c = _commit(donor, donor_user)
    cancelled = datetime.datetime(2027, 3, 4, 9, tzinfo=datetime.UTC)
    giving.gift_cancel(actor=donor_user, gift=Gift.objects.get(pk=c.gift_id), now=cancelled)
    c.refresh_from_db()
    assert c.stopped_at == cancelled
    assert not services.commitment_stopped(gift_id=c.gift_id)  # already recorded
    client.force_login(donor_user)
    page = client.get(reverse("support_tax:commitment-detail", args=[c.public_id])).content
    assert b'id="commitment-stopped"' in page
    assert b"2027" in page
    assert services.commitments_yearly(today=datetime.date(2028, 1, 2))["started"] == 0


def test_a_gift_that_is_not_a_commitment_is_left_alone(donor, django_assert_num_queries):
    gift = Gift.objects.create(supporter=donor, amount_ore=10_000, frequency="yearly")
    with django_assert_num_queries(1):  # the update only: no commitment lookup
        gift.status = Gift.Status.ACTIVE
        gift.save(update_fields=["status"])
    gift.status = Gift.Status.CANCELLED
    gift.save(update_fields=["status"])
    assert not Commitment.objects.exists()
