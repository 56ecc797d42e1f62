"""Notifications, e-mail settings and the unsubscribe link in a real browser, with axe on
every page, at desktop and phone width."""

from __future__ import annotations

import pytest
from django.db import transaction
from playwright.sync_api import expect

from socius.core.mail import mail_kind, notify
from socius.core.models import MailOptOut
from socius.core.roles import Role
from socius.tests_support.browser import BrowserPage, assert_accessible, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_read_notifications_choose_e_mails_and_unsubscribe_from_a_mail(
    live_server, chromium, mailbox, settings, width
):
    settings.SITE_URL = live_server.url
    person = UserFactory(roles=[Role.CITIZEN], name="Karen Borger")
    with transaction.atomic():
        for title in ("Svar på jeres henvendelse", "Ny status på forslaget"):
            notify(
                recipients=[person],
                kind=mail_kind("advice.request"),
                template="core/mail/notice",
                context={"title": title, "text": "Læs mere på Socius."},
                link="/borgerforslag/",
            )
    context = chromium.new_context(locale="da-DK", viewport={"width": width, "height": 900})
    b = BrowserPage(context.new_page())
    page = b.page
    page.set_default_timeout(15000)
    log_in(b, live_server.url, person)

    # The list: newest first, unread marked; mark all read.
    b.visit(live_server.url + "/mit/notifikationer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikationer")
    expect(page.get_by_text("Ny", exact=True)).to_have_count(2)
    page.get_by_role("button", name="Markér alle som læst").click()
    expect(page.get_by_text("Alle notifikationer er markeret som læst.")).to_be_visible()
    b.check()
    expect(page.get_by_text("Ny", exact=True)).to_have_count(0)

    # The settings: turn one kind off.
    page.get_by_role("link", name="Vælg, hvilke e-mails du får").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mailindstillinger")
    b.check()
    page.get_by_label("Nyt om din organisations henvendelser om fællesskabsrådgivning").uncheck()
    page.get_by_role("button", name="Gem e-mailindstillinger").click()
    expect(page.get_by_text("Dine e-mailindstillinger er gemt.")).to_be_visible()
    b.check()
    assert MailOptOut.objects.filter(user=person, kind="advice.request").exists()
    MailOptOut.objects.filter(user=person).delete()

    # The unsubscribe link of a real mail, opened without a session.
    url = mailbox.messages[0]["List-Unsubscribe"].strip("<>")
    context.close()
    anonymous = chromium.new_context(locale="da-DK", viewport={"width": width, "height": 900})
    b = BrowserPage(anonymous.new_page())
    page = b.page
    page.set_default_timeout(15000)
    b.visit(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop e-mails")
    page.get_by_role("button", name="Ja, stop disse e-mails").click()
    expect(page.get_by_text("Du får ikke længere e-mails om")).to_be_visible()
    b.check()
    assert MailOptOut.objects.filter(user=person, kind="advice.request").exists()
    page.goto(url.replace("/afmeld/", "/afmeld/x"))  # answered 400, so not b.visit
    expect(page.get_by_text("Linket er ikke gyldigt.")).to_be_visible()
    assert_accessible(page)
    anonymous.close()
