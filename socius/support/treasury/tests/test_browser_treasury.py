"""A treasurer reconciles a bank statement in a real browser (axe on every page, at a
desktop's and a phone's width), then opens the yearly tax report."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from socius.support.payments.models import LedgerEntry
from socius.support.treasury.models import BankLine
from socius.support.treasury.tests.conftest import FILES, bank_payment
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _either(english: str, danish: str) -> re.Pattern[str]:
    """The Danish text the browser (da-DK) shows; the English msgid names what is meant."""
    return re.compile(f"^{re.escape(danish)}$")


def test_a_treasurer_reconciles_a_bank_statement(live_server, open_browser, treasurer):
    bank_payment("ST-7KQ4MX9A", 25_000)
    bank_payment("ST-HCT3N6WP", 30_000, name="Foreningen Bydelsmødre Aarhus")
    per = bank_payment("ST-D4GR7JVE", 50_000, name="Per Nielsen")
    base = live_server.url
    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, base, treasurer, mfa=True)

    # From the treasurer's page to the bank statements.
    b.visit(
        base + reverse("support_treasury:treasurer-home"), heading=_either("Treasurer", "Kasserer")
    )
    page.locator("main").get_by_role("link", name=_either("Bank statements", "Kontoudtog")).click()
    b.check(_either("Bank statements", "Kontoudtog"))

    # Upload the month's statement: two payments are booked at once.
    page.locator("#id_file").set_input_files(str(FILES / "statement_valid.xml"))
    page.locator("main form button[type=submit]").click()
    b.check(re.compile("2026-11-DK5000400440116243"))
    assert LedgerEntry.objects.count() == 2
    line = BankLine.objects.get(index=3)
    row = page.locator(f"#line-{line.pk}")
    b.check(shows=row.get_by_text("Per Nielsen"))

    # The transfer without a reference is matched by hand.
    page.locator(f"#id_line-{line.pk}-match-reference").fill("st d4gr 7jve")
    page.locator(f"form[action$='/linje/{line.pk}/match/'] button").click()
    b.check(shows=page.locator(".alert-success"))
    assert LedgerEntry.objects.filter(payment=per).count() == 1
    line.refresh_from_db()
    assert line.status == BankLine.Status.MATCHED

    # Then the yearly tax report, from the treasurer's page.
    b.visit(base + reverse("support_treasury:treasurer-home"))
    try:
        report_url = reverse("support_tax:report-list")
    except NoReverseMatch:
        pytest.skip("the yearly tax report's page is not installed")
    page.locator(f"main a[href='{report_url}']").click()
    b.check(shows=page.locator("main h1"))
    assert page.url.endswith(report_url)
