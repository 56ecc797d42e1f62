"""The treasurer's membership tiers and the newsletter issues in a real browser: create and
change a tier, write, preview and send an issue and see how far the sending came. Axe on
every page, at a desktop's and a phone's width."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from socius.core.roles import Role
from socius.support.models import MembershipTier, NewsletterIssue, NewsletterSubscription
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def treasurer_page(settings, live_server, browser_page: BrowserPage, viewport):
    settings.SITE_URL = live_server.url
    user = UserFactory(name="Tove Kasserer", roles=[Role.TREASURER], totp=True)
    log_in(browser_page, live_server.url, user, mfa=True)
    return browser_page


def test_create_and_change_a_tier(live_server, treasurer_page: BrowserPage):
    b, page = treasurer_page, treasurer_page.page
    main = page.locator("main")
    b.visit(live_server.url + "/stoet/", heading=re.compile("Støt vores arbejde"))
    main.locator("a[href='/stoet/medlemskaber/']").click()
    b.check(heading=re.compile("Medlemstyper"))
    main.locator("a[href='/stoet/medlemskaber/ny/']").click()
    b.check(shows=main.locator("#id_name"))
    main.locator("#id_name").fill("Studerende")
    main.locator("#id_slug").fill("studerende")
    main.locator("#id_yearly_fee").fill("1.000,50")
    main.locator("#id_position").fill("1")
    main.locator("form button.button-primary").click()
    b.check(shows=main.locator("a[href='/stoet/medlemskaber/studerende/rediger/']"))
    assert MembershipTier.objects.get().yearly_fee_ore == 1000_50
    main.locator("a[href='/stoet/medlemskaber/studerende/rediger/']").click()
    b.check(shows=main.locator("[role=note]"))
    main.locator("#id_yearly_fee").fill("-5")
    main.locator("form button.button-primary").click()
    b.check(shows=main.locator(".form-error, .error-summary").first)
    assert MembershipTier.objects.get().yearly_fee_ore == 1000_50


def test_write_preview_and_send_an_issue(live_server, treasurer_page: BrowserPage):
    b, page = treasurer_page, treasurer_page.page
    main = page.locator("main")
    for n in range(3):
        NewsletterSubscription.objects.create(
            email=f"s{n}@example.dk", language="da", confirm_hash=f"c{n}",
            unsubscribe_hash=f"u{n}", confirmed_at=timezone.now(),
        )  # fmt: skip
    b.visit(live_server.url + "/stoet/", heading=re.compile("Støt vores arbejde"))
    main.locator("a[href='/stoet/nyhedsbrev/udgaver/']").click()
    b.check(shows=main.locator("a[href='/stoet/nyhedsbrev/udgaver/ny/']"))
    main.locator("a[href='/stoet/nyhedsbrev/udgaver/ny/']").click()
    b.check(shows=main.locator("#id_subject"))
    main.locator("#id_subject").fill("Nyt fra tænketanken")
    main.locator("#id_body").fill("Kære læser\n\nVi har nyt om ensomhed.")
    main.locator("form button.button-primary").click()
    b.check(heading="Nyt fra tænketanken")
    assert "Vi har nyt om ensomhed." in main.inner_text()
    main.locator("form input[value='send'] + button").click()
    b.check(shows=main.locator("progress"))
    issue = NewsletterIssue.objects.get()
    assert (issue.recipients_count, issue.sent_count) == (3, 3)
    assert re.search(r"3 (af|of) 3", main.inner_text())
