"""The whole journey in a real browser, axe-core on every page: an anonymous report, the
receipt, the handler's acknowledgement and question, the reporter's answer, feedback,
closing and deletion after the retention period."""

import datetime

import pytest

from socius.tests_support.browser import BrowserPage, log_in
from socius.whistleblowing.models import DeletionRecord, Report
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import PASSPHRASE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _context(chromium, **kwargs):
    context = chromium.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}, **kwargs
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, BrowserPage(page)


def _handler_session(chromium, base, user):
    _context_, b = _context(chromium)
    page = b.page
    log_in(b, base, user, mfa=True)
    b.visit(base + "/whistleblower/behandling/")
    page.locator("#id_passphrase").fill(PASSPHRASE)
    page.locator("form[action$='/noegle/laas-op/'] button[type=submit]").click()
    b.check()
    return b


def _submit(b, form_selector):
    b.page.locator(f"{form_selector} button[type=submit]").click()
    b.check()


def _reporter_login(chromium, base, receipt):
    _context_, b = _context(chromium)
    b.visit(base + "/whistleblower/indbakke/")
    b.page.locator("#id_receipt").fill(receipt)
    _submit(b, "main form")
    return b


def test_the_whole_journey(live_server, chromium, channel, handler):
    base = live_server.url

    # An anonymous report; the proof of work runs in the page's own script.
    _context_, reporter = _context(chromium)
    page = reporter.page
    reporter.visit(base + "/whistleblower/")
    page.locator(f"a[href='/whistleblower/indberet/{channel.slug}/']").click()
    reporter.check()
    page.locator("#id_what").fill("Lederen godkender fakturaer fra sin svogers firma uden udbud.")
    page.locator("#id_where").fill("Vejafdelingen")
    _submit(reporter, "#whistle-report-form")
    receipt = page.locator("#receipt code").inner_text()
    assert len(receipt.replace(" ", "")) == 25
    page.locator("#id_receipt").fill(receipt)
    page.locator("#id_saved").check()
    _submit(reporter, "main form")
    assert "svogers firma" in page.content()
    report = Report.objects.get()

    # The handler acknowledges, assesses and asks a question.
    staff = _handler_session(chromium, base, handler)
    spage = staff.page
    staff.visit(base + f"/whistleblower/behandling/kanal/{channel.slug}/")
    spage.locator(f"a[href='/whistleblower/behandling/sag/{report.public_id}/']").click()
    staff.check()
    spage.locator("#msg-acknowledge").fill("Tak. Vi har modtaget din indberetning.")
    _submit(staff, "form:has(input[value=acknowledge])")
    _submit(staff, "form:has(input[value=assess_in])")
    spage.locator("#msg-investigate").fill("Hvilke måneder drejer det sig om?")
    _submit(staff, "form:has(input[value=investigate])")
    assert Report.objects.get().state == "investigating"

    # The reporter comes back with the receipt and answers.
    reporter2 = _reporter_login(chromium, base, receipt)
    assert "Hvilke måneder drejer det sig om?" in reporter2.page.content()
    reporter2.page.locator("#id_body").fill("Marts til september.")
    _submit(reporter2, "form[action$='/indbakke/besked/']")

    # Feedback and closing.
    staff.visit(base + f"/whistleblower/behandling/sag/{report.public_id}/")
    assert "Marts til september." in spage.content()
    spage.locator("#msg-feedback").fill(
        "Vi har undersøgt sagen, og lederen er flyttet til andre opgaver."
    )
    _submit(staff, "form:has(input[value=feedback])")
    _submit(staff, "form:has(input[value=close])")

    # The reporter reads the outcome.
    reporter2.visit(base + "/whistleblower/indbakke/")
    assert "andre opgaver" in reporter2.page.content()
    assert Report.objects.get().state == "closed"

    # After the retention period the case is deleted; only a bare record stays.
    report = Report.objects.get()
    assert handling.reports_purge(today=report.delete_after + datetime.timedelta(days=1)) == 1
    staff.visit(base + f"/whistleblower/behandling/kanal/{channel.slug}/")
    assert report.short_id not in spage.content()
    assert DeletionRecord.objects.count() == 1
    reporter3 = _reporter_login(chromium, base, receipt)
    assert reporter3.page.locator(".alert-error").count() == 1

    # One page in English.
    context, english = _context(chromium)
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    english.visit(base + "/whistleblower/")
    assert english.page.locator("h1").inner_text() == "Whistleblower scheme"
    english.visit(base + "/whistleblower/privatliv/")


def _login_only(chromium, base, user):
    _context_, b = _context(chromium)
    log_in(b, base, user, mfa=True)
    return b


def test_a_new_handler_makes_a_key_and_a_custodian_approves_disclosure(
    live_server, chromium, channel, handler
):
    from socius.core.roles import Role
    from socius.tests_support.factories import UserFactory
    from socius.whistleblowing import services
    from socius.whistleblowing.models import HandlerKey, IdentityRequest

    base = live_server.url
    newcomer = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Nina Ny")
    channel.handlers.add(newcomer)
    submitted = services.report_submit(
        channel=channel, content={"what": "Noget alvorligt"}, identity="Jens Jensen, 12345678"
    )

    b = _login_only(chromium, base, newcomer)
    b.visit(base + "/whistleblower/behandling/")
    b.page.locator("#id_passphrase").fill(PASSPHRASE)
    b.page.locator("#id_passphrase2").fill(PASSPHRASE)
    _submit(b, "form[action$='/noegle/ny/']")
    assert len(b.page.locator("#recovery-key").inner_text()) > 40
    assert HandlerKey.objects.filter(user=newcomer).exists()

    staff = _handler_session(chromium, base, handler)
    staff.visit(base + f"/whistleblower/behandling/sag/{submitted.report.public_id}/")
    staff.page.locator("#id_legal_ground").fill(
        "Politiet efterforsker sagen og har bedt om navnet."
    )
    _submit(staff, "form[action$='/identitet/']")
    assert IdentityRequest.objects.count() == 1

    custodian = UserFactory(roles=[Role.ADMINISTRATOR], totp=True, name="Karin Kustode")
    c = _login_only(chromium, base, custodian)
    c.visit(base + "/whistleblower/behandling/")
    c.visit(base + "/whistleblower/behandling/identitet/")
    c.page.get_by_role("button", name="Godkend").click()
    c.check()
    assert IdentityRequest.objects.get().status == "approved"

    staff.visit(base + f"/whistleblower/behandling/sag/{submitted.report.public_id}/?identity=1")
    assert "Jens Jensen" in staff.page.locator("#identity").inner_text()
