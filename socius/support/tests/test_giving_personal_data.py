"""Supporters in the data export and account deletion: anonymised, amounts kept."""

from __future__ import annotations

import pytest

from socius.accounts.services import account_delete
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.support.models import Gift, NewsletterSubscription, Supporter
from socius.support.tax.models import DonorIdentity
from socius.support.tax.services import cpr_give
from socius.support.tests.support_helpers import tier_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_keep_the_amounts():
    user = UserFactory(email="bo@example.dk")
    supporter = Supporter.objects.create(user=user, name="Bo Berg", email="bo@example.dk",
                                         address="Vej 1", postcode="8000", town="Aarhus")  # fmt: skip
    supporter.memberships.create(tier=tier_make())
    Gift.objects.create(supporter=supporter, amount_ore=250_00)
    NewsletterSubscription.objects.create(
        email="bo@example.dk", confirm_hash="a", unsubscribe_hash="b"
    )
    data = personal_data_export(user)["support"]
    assert data["supporter"]["name"] == "Bo Berg"
    assert data["gifts"][0]["amount_ore"] == 250_00
    assert data["newsletter"]["email"] == "bo@example.dk"
    personal_data_erase(user)
    supporter.refresh_from_db()
    # The anonymised account stays linked (the account row itself is kept, anonymised).
    assert (supporter.name, supporter.email, supporter.address, supporter.user) == (
        "",
        "",
        "",
        user,
    )
    assert supporter.anonymised_at is not None
    assert Gift.objects.get().amount_ore == 250_00
    assert not NewsletterSubscription.objects.exists()


def test_deleting_the_account_deletes_the_cpr_number_nobody_needs_any_more():
    # given a donor who gave their CPR number and has no deductible gifts to report
    user = UserFactory(email="cpr@example.dk")
    supporter = Supporter.objects.create(user=user, name="Cai Holm", email="cpr@example.dk")
    cpr_give(actor=user, supporter=supporter, cpr="010190-1234")
    # when the person deletes their account
    account_delete(actor=user)
    # then the sealed number is gone too, whatever order the modules erase in
    assert not DonorIdentity.objects.exists()
    supporter.refresh_from_db()
    assert supporter.anonymised_at is not None
