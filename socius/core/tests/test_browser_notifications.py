"""Notifications, e-mail settings and the unsubscribe link in a real browser, with axe on
every page, at desktop and phone width."""

from __future__ import annotations

import pytest
from django.db import transaction
from playwright.sync_api import expect

from socius.core.mail import mail_kind, notify
from socius.core.models import MailOptOut
from socius.core.roles import Role
from socius.tests_support.browser import log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_read_notifications_choose_e_mails_and_unsubscribe_from_a_mail(
    live_server, open_browser, mailbox, settings
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
    b = open_browser()
    page = b.page
    log_in(b, live_server.url, person)

    # The list: newest first, unread marked; mark all read.
    b.visit(live_server.url + "/mit/notifikationer/", heading="Notifikationer")
    expect(page.get_by_text("Ny", exact=True)).to_have_count(2)
    page.get_by_role("button", name="Markér alle som læst").click()
    b.check(shows=page.get_by_text("Alle notifikationer er markeret som læst."))
    expect(page.get_by_text("Ny", exact=True)).to_have_count(0)

    # The settings: turn one kind off.
    page.get_by_role("link", name="Vælg, hvilke e-mails du får").click()
    b.check("E-mailindstillinger")
    page.get_by_label("Nyt om din organisations henvendelser om fællesskabsrådgivning").uncheck()
    page.get_by_role("button", name="Gem e-mailindstillinger").click()
    b.check(shows=page.get_by_text("Dine e-mailindstillinger er gemt."))
    assert MailOptOut.objects.filter(user=person, kind="advice.request").exists()
    MailOptOut.objects.filter(user=person).delete()

    # The unsubscribe link of a real mail, opened without a session.
    url = mailbox.messages[0]["List-Unsubscribe"].strip("<>")
    b.page.context.close()
    b = open_browser()
    page = b.page
    b.visit(url, heading="Stop e-mails")
    page.get_by_role("button", name="Ja, stop disse e-mails").click()
    b.check(shows=page.get_by_text("Du får ikke længere e-mails om"))
    assert MailOptOut.objects.filter(user=person, kind="advice.request").exists()
    # Answered 400, which the browser also logs as an error: that one is expected here.
    page.goto(url.replace("/afmeld/", "/afmeld/x"))
    expect(page.get_by_text("Linket er ikke gyldigt.")).to_be_visible()
    b.console_errors[:] = [error for error in b.console_errors if "400" not in error]
    b.check(shows=page.get_by_text("Linket er ikke gyldigt."))
