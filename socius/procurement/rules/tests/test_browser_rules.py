"""The rules in a real browser: anyone reads the rules and thresholds; a buyer explains leaving
out a required training clause, is told what is missing first, and lands on the contract's
page with the requirement met. Axe on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import pytest

from socius.core.roles import Role
from socius.procurement.rules.models import ClauseDecision
from socius.procurement.rules.services import assessments_refresh
from socius.procurement.rules.tests.rules_support import contract_make
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_anyone_reads_the_rules_and_a_rule(live_server, browser_page: BrowserPage, viewport):
    b, main = browser_page, browser_page.page.locator("main")
    b.visit(live_server.url + "/indkoeb/regler/")
    b.check(shows=main.locator("table").nth(1))
    main.locator("a[href='/indkoeb/regler/uddannelse-tjenesteydelser/']").click()
    b.check(shows=main.locator("h1"))
    assert b.page.url.endswith("/indkoeb/regler/uddannelse-tjenesteydelser/")


def test_a_buyer_explains_leaving_out_the_clause(
    settings, live_server, browser_page: BrowserPage, viewport
):
    settings.SITE_URL = live_server.url
    contract = contract_make()
    assessments_refresh(contract_ids=[contract.pk])
    log_in(browser_page, live_server.url, UserFactory(roles=[Role.BUYER], totp=True), mfa=True)
    b, main = browser_page, browser_page.page.locator("main")
    url = f"/indkoeb/regler/afgoerelse/{contract.public_id}/uddannelse-tjenesteydelser/"
    b.visit(live_server.url + url)
    b.check(shows=main.locator("#id_explanation"))
    main.locator("input[name=decision][value=explain]").check()
    main.locator("#id_explanation").fill("Arbejdet foregår i en sikret zone.")
    main.locator("form button.button-primary").click()
    b.check(shows=main.locator(".form-error, .error-summary").first)
    assert not ClauseDecision.objects.exists()
    main.locator("input[name=reason_kind][value=safety]").check()
    main.locator("form button.button-primary").click()
    b.check(shows=main.locator("#rules-block-heading"))
    assert b.page.url.endswith(contract.get_absolute_url())
    assert ClauseDecision.objects.get().reason_kind == "safety"
