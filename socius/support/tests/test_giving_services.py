"""Memberships and gifts through the services, paid through the in-memory dev provider and its
signed webhooks: the ledger moves gifts and memberships, the same form key never pays twice."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.support import services
from socius.support.models import Campaign, Gift, Membership, Supporter
from socius.support.payments.models import Mandate, Payment
from socius.support.selectors import campaign_progress, supporter_for_user
from socius.support.tests.support_helpers import (
    campaign_make,
    capture,
    fail,
    mandate_active,
    supporter_make,
    tier_make,
)
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _key() -> str:
    return services.form_key_read(services.form_key_new())


def _give(supporter: Supporter, key: str, **extra: object) -> tuple[Gift, object]:
    kwargs: dict[str, object] = {"actor": AnonymousUser(), "supporter": supporter,
                                 "amount_ore": 250_00, "frequency": "once", "provider": "dev",
                                 "form_key": key}  # fmt: skip
    kwargs.update(extra)
    return services.gift_give(**kwargs)  # type: ignore[arg-type]


def test_a_paid_membership_is_active_for_a_year(memory_dev):
    supporter = supporter_make()
    membership, checkout = services.membership_join(
        actor=AnonymousUser(),
        supporter=supporter,
        tier=tier_make(),
        provider="dev",
        form_key=_key(),
    )
    assert checkout.checkout_url.startswith("http://127.0.0.1:9/checkout/")
    assert membership.status == Membership.Status.PENDING
    capture(Payment.objects.get(membership=membership))
    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.paid_until == services.year_after(today)


def test_the_same_form_twice_makes_one_gift_and_one_payment(memory_dev):
    supporter = supporter_make()
    key = _key()
    first, checkout1 = _give(supporter, key)
    second, checkout2 = _give(supporter, key)
    assert first.pk == second.pk
    assert checkout1.pk == checkout2.pk
    assert Gift.objects.count() == 1
    assert Payment.objects.count() == 1
    assert [c[0] for c in memory_dev.calls] == ["payment_create"]


def test_a_captured_gift_is_paid_and_counts_for_its_campaign_once(memory_dev):
    campaign = campaign_make()
    gift, _url = _give(supporter_make(), _key(), campaign=campaign)
    payment = Payment.objects.get(gift=gift)
    capture(payment)
    capture(payment)  # a second capture event of the same payment books nothing
    gift.refresh_from_db()
    assert gift.status == Gift.Status.PAID
    assert campaign_progress(campaign) == (250_00, 10_000_00)


def test_a_failed_payment_marks_the_gift_failed(memory_dev):
    gift, _url = _give(supporter_make(), _key())
    fail(Payment.objects.get(gift=gift))
    gift.refresh_from_db()
    assert gift.status == Gift.Status.FAILED


def test_a_monthly_gift_starts_a_mandate_and_can_be_stopped(memory_dev):
    user = UserFactory()
    supporter = services.supporter_for(actor=user, name="Bo Berg", email="bo@example.dk")
    gift, checkout = _give(supporter, _key(), frequency="monthly", actor=user)
    mandate = Mandate.objects.get(gift=gift)
    assert checkout == mandate
    assert mandate.interval == Mandate.Interval.MONTH
    mandate_active(mandate)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.ACTIVE
    services.gift_cancel(actor=user, gift=gift)
    gift.refresh_from_db()
    mandate.refresh_from_db()
    assert gift.status == Gift.Status.CANCELLED
    assert mandate.status == Mandate.Status.STOPPED
    assert ("mandate_stop", f"stop:{mandate.public_id}") in memory_dev.calls


def test_only_the_donor_stops_a_gift(memory_dev):
    owner = UserFactory()
    supporter = services.supporter_for(actor=owner, name="Bo", email="bo@example.dk")
    gift, _url = _give(supporter, _key(), frequency="monthly", actor=owner)
    with pytest.raises(PermissionDenied):
        services.gift_cancel(actor=UserFactory(), gift=gift)


@pytest.mark.parametrize("amount", [0, 999, 1_000_000_01])
def test_gift_amounts_outside_the_limits_are_refused(memory_dev, amount):
    with pytest.raises(ValidationError):
        _give(supporter_make(), _key(), amount_ore=amount)
    assert not Gift.objects.exists()


def test_a_gift_to_a_draft_campaign_is_refused(memory_dev):
    campaign = campaign_make(status=Campaign.Status.DRAFT, permission_number="")
    with pytest.raises(ValidationError):
        _give(supporter_make(), _key(), campaign=campaign)


def test_a_forged_form_key_is_refused():
    with pytest.raises(ValidationError):
        services.form_key_read("abc:def")
    with pytest.raises(ValidationError):
        services.form_key_read("x" * 10_000)


def test_a_provider_failure_keeps_no_gift(memory_dev):
    memory_dev.unreachable = True
    with pytest.raises(Exception, match="unreachable"):
        _give(supporter_make(), _key())
    assert not Gift.objects.exists()


def test_an_organisation_joins_only_through_someone_who_acts_for_it(memory_dev):
    contact = UserFactory()
    organisation = OrganisationFactory(contact=contact)
    supporter = services.supporter_for(actor=contact, name="", email="a@example.dk",
                                       organisation=organisation)  # fmt: skip
    assert supporter.kind == Supporter.Kind.ORGANISATION
    with pytest.raises(PermissionDenied):
        services.supporter_for(actor=UserFactory(), name="", email="b@example.dk",
                               organisation=organisation)  # fmt: skip
    with pytest.raises(ValidationError):  # a person's tier is not for an organisation
        services.membership_join(actor=contact, supporter=supporter, tier=tier_make(),
                                 provider="dev", form_key=_key())  # fmt: skip


def test_resigning_keeps_the_paid_year_and_stops_renewal(memory_dev):
    user = UserFactory()
    supporter = services.supporter_for(actor=user, name="Bo", email="bo@example.dk")
    membership, _url = services.membership_join(actor=user, supporter=supporter, tier=tier_make(),
                                                provider="dev", form_key=_key(), auto_renew=True)  # fmt: skip
    mandate = Mandate.objects.get(membership=membership)
    membership.status = Membership.Status.ACTIVE
    membership.paid_until = timezone.localdate() + datetime.timedelta(days=100)
    membership.save()
    services.membership_resign(actor=user, membership=membership)
    membership.refresh_from_db()
    mandate.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.resigned_at is not None
    assert not membership.auto_renew
    assert mandate.status == Mandate.Status.STOPPED
    with pytest.raises(ValidationError):
        services.membership_resign(actor=user, membership=membership)


def test_campaign_without_permission_number_cannot_be_published():
    treasurer = UserFactory(roles=[Role.TREASURER], totp=True)
    today = timezone.localdate()
    campaign = Campaign(slug="x", title="X", summary="x", goal_ore=100_00, starts_on=today,
                        ends_on=today, status=Campaign.Status.PUBLISHED)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.campaign_save(actor=treasurer, campaign=campaign)
    assert "permission_number" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.campaign_save(actor=UserFactory(roles=[Role.BOARD], totp=True), campaign=campaign)
    campaign.status = Campaign.Status.DRAFT
    services.campaign_save(actor=treasurer, campaign=campaign)
    assert AuditEntry.objects.filter(action="support.campaign.save").count() == 1


def test_the_supporter_of_an_account_is_found_and_reused():
    user = UserFactory()
    first = services.supporter_for(actor=user, name="Bo", email="bo@example.dk")
    second = services.supporter_for(actor=user, name="Bo B", email="bo@example.dk")
    assert first.pk == second.pk
    assert supporter_for_user(user) == second
    assert supporter_for_user(AnonymousUser()) is None


def test_year_after_handles_the_leap_day():
    assert services.year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_the_member_gets_a_receipt_by_mail(memory_dev, mailbox, django_capture_on_commit_callbacks):
    supporter = supporter_make()
    membership, _checkout = services.membership_join(
        actor=AnonymousUser(),
        supporter=supporter,
        tier=tier_make(),
        provider="dev",
        form_key=_key(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        capture(Payment.objects.get(membership=membership))
    assert [m["To"] for m in mailbox.messages] == [supporter.email]
    assert "/stoet/mine/" in mailbox.body_of(mailbox.messages[0])


def test_each_payment_of_a_gift_gets_one_receipt_with_its_stop_link(
    memory_dev, mailbox, django_capture_on_commit_callbacks, client
):
    # given a visitor's monthly gift (no account) whose first charge is captured twice
    supporter = supporter_make("Visitor Vang")
    gift, _mandate = _give(supporter, _key(), frequency="monthly", deductible=True)
    mandate = Mandate.objects.get(gift=gift)
    mandate_active(mandate)
    charge = Payment.objects.create(
        reference="ST-RECEIPT1", idempotency_key="charge-1", supporter=supporter,
        purpose="gift", gift=gift, mandate=mandate, provider="dev", provider_ref="pay_r1",
        amount_ore=gift.amount_ore,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        capture(charge)
        capture(charge)
    # then one receipt, with the reference, the deduction hint and the stop link
    assert [m["To"] for m in mailbox.messages] == ["visitor@example.dk"]
    body = mailbox.body_of(mailbox.messages[0])
    assert "ST-RECEIPT1" in body
    assert "/stoet/fradrag/" in body
    stop_url = services.gift_stop_url(gift)
    assert stop_url in body
    # and the link stops the gift without an account; a changed link is a 404
    path = stop_url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path[:-5] + "xxxx/").status_code == 404
    assert client.get("/" + path).status_code == 200
    client.post("/" + path)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.CANCELLED
    assert ("mandate_stop", f"stop:{mandate.public_id}") in memory_dev.calls


def test_a_one_off_gift_receipt_has_no_stop_link(
    memory_dev, mailbox, django_capture_on_commit_callbacks
):
    gift, _url = _give(supporter_make("Once Olsen"), _key())
    with django_capture_on_commit_callbacks(execute=True):
        capture(Payment.objects.get(gift=gift))
    body = mailbox.body_of(mailbox.messages[0])
    assert "/stoet/giv/stop/" not in body
    assert "/stoet/fradrag/" not in body
