"""The whole journey in a real browser, axe-core on every page: an anonymous report, the
receipt, the handler's acknowledgement and question, the reporter's answer, feedback,
closing and deletion after the retention period. At a desktop's and a phone's width."""

import datetime
import re

import pytest

from socius.tests_support.browser import BrowserPage, log_in
from socius.whistleblowing.models import DeletionRecord, Report
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import PASSPHRASE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _handler_session(open_browser, base, user):
    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, base, user, mfa=True)
    b.visit(base + "/whistleblower/behandling/")
    page.locator("#id_passphrase").fill(PASSPHRASE)
    page.locator("form[action$='/noegle/laas-op/'] button[type=submit]").click()
    b.check(shows=page.get_by_text("Din nøgle er låst op"))
    return b


def _submit(b, form_selector, *, heading=None, shows=None):
    """Send the form, then wait for what the person sees next."""
    b.page.locator(f"{form_selector} button[type=submit]").click()
    b.check(heading, shows=shows)


def _state(page, name):
    """The case's status as the handler reads it at the top of the case."""
    return page.locator("#case-state").filter(has_text=re.compile(f"^{re.escape(name)}$"))


def _reporter_login(open_browser, base, receipt, sees):
    """The reporter opens the inbox with the receipt; ``sees(page)`` is what they see then."""
    b: BrowserPage = open_browser()
    b.visit(base + "/whistleblower/indbakke/")
    b.page.locator("#id_receipt").fill(receipt)
    _submit(b, "main form", shows=sees(b.page))
    return b


@pytest.mark.width(390)
def test_the_whole_journey(live_server, open_browser, channel, handler):
    base = live_server.url

    # An anonymous report; the proof of work runs in the page's own script.
    reporter: BrowserPage = open_browser()
    page = reporter.page
    reporter.visit(base + "/whistleblower/")
    page.locator(f"a[href='/whistleblower/indberet/{channel.slug}/']").click()
    reporter.check(f"Indberet: {channel.name}")
    page.locator("#id_what").fill("Lederen godkender fakturaer fra sin svogers firma uden udbud.")
    page.locator("#id_where").fill("Vejafdelingen")
    _submit(reporter, "#whistle-report-form", heading="Din kvittering")
    receipt = page.locator("#receipt code").inner_text()
    assert len(receipt.replace(" ", "")) == 25
    page.locator("#id_receipt").fill(receipt)
    page.locator("#id_saved").check()
    _submit(reporter, "main form", heading="Din indbakke", shows=page.get_by_text("svogers firma"))
    assert "svogers firma" in page.content()
    report = Report.objects.get()

    # The handler acknowledges, assesses and asks a question.
    staff = _handler_session(open_browser, base, handler)
    spage = staff.page
    staff.visit(base + f"/whistleblower/behandling/kanal/{channel.slug}/")
    spage.locator(f"a[href='/whistleblower/behandling/sag/{report.public_id}/']").click()
    staff.check(f"Sag {report.short_id}", shows=_state(spage, "Modtaget"))
    spage.locator("#msg-acknowledge").fill("Tak. Vi har modtaget din indberetning.")
    _submit(staff, "form:has(input[value=acknowledge])", shows=_state(spage, "Kvitteret"))
    _submit(staff, "form:has(input[value=assess_in])", shows=_state(spage, "Vurderet: omfattet"))
    spage.locator("#msg-investigate").fill("Hvilke måneder drejer det sig om?")
    _submit(staff, "form:has(input[value=investigate])", shows=_state(spage, "Under undersøgelse"))
    assert Report.objects.get().state == "investigating"

    # The reporter comes back with the receipt and answers.
    reporter2 = _reporter_login(
        open_browser, base, receipt, lambda p: p.get_by_text("Hvilke måneder drejer det sig om?")
    )
    reporter2.page.locator("#id_body").fill("Marts til september.")
    _submit(
        reporter2,
        "form[action$='/indbakke/besked/']",
        shows=reporter2.page.get_by_text("Din besked er sendt."),
    )

    # Feedback and closing.
    staff.visit(base + f"/whistleblower/behandling/sag/{report.public_id}/")
    assert "Marts til september." in spage.content()
    spage.locator("#msg-feedback").fill(
        "Vi har undersøgt sagen, og lederen er flyttet til andre opgaver."
    )
    _submit(staff, "form:has(input[value=feedback])", shows=_state(spage, "Svar givet"))
    _submit(staff, "form:has(input[value=close])", shows=_state(spage, "Lukket"))

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
    reporter3 = _reporter_login(open_browser, base, receipt, lambda p: p.locator(".alert-error"))
    assert reporter3.page.locator(".alert-error").count() == 1

    # One page in English.
    english: BrowserPage = open_browser()
    english.page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    english.visit(base + "/whistleblower/")
    assert english.page.locator("h1").inner_text() == "Whistleblower scheme"
    english.visit(base + "/whistleblower/privatliv/")


def _login_only(open_browser, base, user):
    b: BrowserPage = open_browser()
    log_in(b, base, user, mfa=True)
    return b


def test_a_new_handler_makes_a_key_and_a_custodian_approves_disclosure(
    live_server, open_browser, channel, handler
):
    from socius.core.roles import Role
    from socius.tests_support.factories import UserFactory
    from socius.whistleblowing import services
    from socius.whistleblowing.models import Channel, HandlerKey, IdentityRequest
    from socius.whistleblowing.services import channels as channel_services
    from socius.whistleblowing.services import handling

    base = live_server.url
    # The legal ground is sealed to each custodian's key, so the custodian has one.
    custodian = UserFactory(roles=[Role.ADMINISTRATOR], totp=True, name="Karin Kustode")
    handling.handler_key_create(actor=custodian, passphrase=PASSPHRASE)
    newcomer = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Nina Ny")
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channel_services.handler_add(actor=admin, channel=channel, user=newcomer)
    submitted = services.report_submit(
        channel=channel, content={"what": "Noget alvorligt"}, identity="Jens Jensen, 12345678"
    )

    b = _login_only(open_browser, base, newcomer)
    b.visit(base + "/whistleblower/behandling/")
    b.page.locator("#id_passphrase").fill(PASSPHRASE)
    b.page.locator("#id_passphrase2").fill(PASSPHRASE)
    _submit(b, "form[action$='/noegle/ny/']", heading="Din gendannelsesnøgle")
    assert len(b.page.locator("#recovery-key").inner_text()) > 40
    assert HandlerKey.objects.filter(user=newcomer).exists()
    b.visit(base + "/whistleblower/behandling/")
    fingerprint = b.page.locator("#own-fingerprint").inner_text().strip()

    # A colleague compares the fingerprint the newcomer reads out, and approves the key.
    staff = _handler_session(open_browser, base, handler)
    staff.page.get_by_role("link", name=f"behandlere og nøgler i {channel.name}").click()
    staff.check(f"Behandlere og nøgler: {channel.name}")
    assert fingerprint in staff.page.locator("main table").inner_text()
    staff.page.get_by_label(
        "Fingeraftrykket passer med det, min kollega læser op fra sin egen nøgleside"
    ).check()
    staff.page.get_by_role("button", name="Godkend nøglen fra Nina Ny").click()
    staff.check(shows=staff.page.get_by_text("Nøglen er godkendt."))
    assert submitted.report.grants.filter(user=newcomer).exists()
    staff.visit(base + f"/whistleblower/behandling/sag/{submitted.report.public_id}/")
    staff.page.locator("#id_legal_ground").fill(
        "Politiet efterforsker sagen og har bedt om navnet."
    )
    _submit(
        staff,
        "form[action$='/identitet/']",
        shows=staff.page.get_by_text("Anmodningen er sendt til kustoden."),
    )
    assert IdentityRequest.objects.count() == 1

    c = _handler_session(open_browser, base, custodian)
    c.visit(base + "/whistleblower/behandling/")
    c.page.get_by_role("link", name=re.compile("Se, hvilke kanaler")).click()
    c.check("Whistleblowerkanaler")
    c.visit(base + "/whistleblower/behandling/identitet/")
    c.check(shows=c.page.get_by_text("Politiet efterforsker sagen og har bedt om navnet."))
    c.page.get_by_role("button", name="Godkend").click()
    c.check(shows=c.page.get_by_text("Afgørelsen er gemt."))
    assert IdentityRequest.objects.get().status == "approved"

    staff.visit(base + f"/whistleblower/behandling/sag/{submitted.report.public_id}/?identity=1")
    assert "Jens Jensen" in staff.page.locator("#identity").inner_text()

    # A channel nobody can read yet points the reporter to the external channel instead.
    Channel.objects.create(slug="lukket", name="Lukket kanal")
    reporter: BrowserPage = open_browser()
    reporter.visit(base + "/whistleblower/indberet/lukket/", heading="Indberet: Lukket kanal")
    assert reporter.page.get_by_role("link", name=re.compile("whistleblower.dk")).is_visible()
