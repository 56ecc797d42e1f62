"""Give a gift by bank transfer in a real browser: choose the bank transfer on the gift form,
read the account and the reference on the instructions page, and see the return page wait for
the money. Axe on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from socius.support.models import Gift
from socius.support.payments.models import Payment
from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACCOUNT = "5301 0123456789"


@pytest.fixture
def site(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.SUPPORT_PROVIDERS = ["dev", "bank"]
    settings.SUPPORT_BANK_ACCOUNT = ACCOUNT
    return live_server.url


@pytest.mark.width(390)
def test_give_by_bank_transfer(site, browser_page: BrowserPage, viewport):
    b, page = browser_page, browser_page.page
    b.visit(site + "/stoet/", heading=re.compile("Støt vores arbejde"))
    page.locator("main a[href='/stoet/giv/']").first.click()
    b.check(heading=re.compile("Giv"))
    main = page.locator("main")
    main.locator("input[name='amount_choice'][value='25000']").check()
    main.locator("input[name='frequency'][value='once']").check()
    main.locator("input[name='name']").fill("Karen Hansen")
    main.locator("input[name='email']").fill("karen@example.dk")
    main.get_by_label(re.compile("^Bankoverførsel$")).check()
    main.locator("form button.button-primary").click()
    link = page.locator("#checkout-link")
    b.check(shows=link)
    link.click()

    b.check(heading=re.compile("Betal med bankoverførsel"))
    payment = Payment.objects.get()
    assert (payment.provider, payment.amount_ore) == ("bank", 250_00)
    assert page.url == site + reverse("support_payments:bank-instructions",
                                      args=[payment.public_id])  # fmt: skip
    instructions = main.inner_text()
    assert ACCOUNT in instructions
    assert payment.reference in instructions
    assert re.search(r"250,00 kr\.|250 kr\.", instructions), instructions
    assert main.locator("strong", has_text=payment.reference).count() == 1

    b.visit(
        site + reverse("support_payments:checkout-return", args=[payment.public_id]),
        heading=re.compile("Vi venter på betalingen"),
    )
    assert Gift.objects.get().status == Gift.Status.PENDING
