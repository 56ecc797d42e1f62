"""Join as a member and pay; give monthly and cancel: in a real browser through the
development payment provider (its checkout page, its signed webhooks to the live server), axe
on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import re

import pytest

from socius.support.models import Gift, Membership
from socius.support.tests.support_helpers import tier_make
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _to_checkout(b: BrowserPage) -> None:
    page = b.page
    page.locator("main form button.button-primary").click()
    b.check(shows=page.locator("main h1"))
    link = page.locator("#checkout-link")
    assert link.count() == 1, page.locator("main").inner_text()
    link.click()
    b.check(heading="Testbetaling")


def _until_shown(b: BrowserPage, locator, pattern: re.Pattern[str], tries: int = 40) -> None:
    """Reload the page until the webhook has arrived and the page says so."""
    for _attempt in range(tries):
        if pattern.search(locator.inner_text()):
            b.check(shows=locator)
            return
        b.page.reload()
    raise AssertionError(f"never shown: {pattern.pattern}; page says {locator.inner_text()!r}")


@pytest.fixture
def site(settings, live_server, payment_devserver):
    # Links in mails and the return address the provider sends the payer back to.
    settings.SITE_URL = live_server.url
    settings.SUPPORT_PROVIDERS = ["dev"]
    return live_server.url


@pytest.fixture
def browser_page(browser_page, payment_devserver):
    # The development provider's page has no icon; the browser's request for one is no error
    # of the journey.
    browser_page.page.route(payment_devserver.url + "/favicon.ico",
                            lambda route: route.fulfill(status=204))  # fmt: skip
    return browser_page


@pytest.mark.width(390)
def test_join_as_a_member_and_pay(site, browser_page: BrowserPage):
    b, page = browser_page, browser_page.page
    tier_make()
    user = UserFactory(name="Karen Medlem")
    log_in(b, site, user)
    b.visit(site + "/stoet/", heading=re.compile("Støt vores arbejde"))
    page.locator("main a[href='/stoet/medlem/']").first.click()
    b.check(shows=page.locator("#id_tier_0"))
    page.locator("#id_tier_0").check()
    _to_checkout(b)
    page.get_by_role("button", name="Betal").click()
    main = page.locator("main")
    b.check(shows=main)
    _until_shown(b, main, re.compile(r"Personligt medlemskab: Aktiv"))
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.supporter.user == user


@pytest.mark.width(390)
def test_give_monthly_and_cancel(site, browser_page: BrowserPage):
    b, page = browser_page, browser_page.page
    user = UserFactory(name="Bo Giver")
    log_in(b, site, user)
    b.visit(site + "/stoet/giv/", heading=re.compile("Giv"))
    page.locator("main input[name='amount_choice'][value='25000']").check()
    page.locator("main input[name='frequency'][value='monthly']").check()
    _to_checkout(b)
    page.get_by_role("button", name="Godkend aftale").click()
    main = page.locator("main")
    b.check(shows=main)
    b.visit(site + "/stoet/mine/", heading=re.compile("Din støtte"))
    stop = page.locator("main a[href*='/stop/']")
    _until_shown(b, main, re.compile("250 kr.*Aktiv"))
    stop.click()
    b.check(shows=page.locator("main form button.button-primary"))
    page.locator("main form button.button-primary").click()
    b.check(shows=page.locator(".alert-success, [role=status], .alert"))
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.CANCELLED
    assert gift.mandates.get().status == "stopped"
