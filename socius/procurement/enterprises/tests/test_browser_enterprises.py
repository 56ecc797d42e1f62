"""A buyer finds a social-economy enterprise, in real browsers with axe-core on every page at a
desktop's and a phone's width: from the catalogue she searches by a CPV code and a
municipality, opens the enterprise and sees that it can bid for a reserved contract.

The pages are read in English (the language cookie), so the test reads the message ids."""

from __future__ import annotations

import re

import pytest

from socius.core.demo import demo_seed as core_demo_seed
from socius.core.roles import Role
from socius.procurement.enterprises.demo import demo_seed
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_buyer_finds_an_enterprise_that_can_bid_for_a_reserved_contract(
    live_server, open_browser
):
    core_demo_seed()
    demo_seed()
    buyer = UserFactory(roles=[Role.BUYER], totp=True, name="Ida Indkøber")
    base = live_server.url
    b: BrowserPage = open_browser()
    b.page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    log_in(b, base, buyer, mfa=True)
    page = b.page

    b.visit(base + "/indkoeb/socialoekonomi/", heading="Social-economy enterprises")
    # Office cleaning, in Aarhus: the cleaning enterprise offers the broader cleaning code.
    page.get_by_label("CPV code").fill("90919200-4")
    page.get_by_label("Municipality served").select_option(label="Aarhus")
    page.get_by_role("button", name="Find enterprises").click()
    result = page.get_by_role("link", name="Grøn Vask Aarhus ApS (demo)")
    b.check("Social-economy enterprises", shows=result)
    assert "cpv=90919200-4" in page.url
    assert page.get_by_role("link", name="Parkpleje Østjylland (demo)").count() == 0

    result.click()
    b.check(
        "Grøn Vask Aarhus ApS (demo)",
        shows=page.get_by_role("status").filter(has_text="Can bid for reserved contracts"),
    )
    assert re.search(r"/indkoeb/socialoekonomi/[\w-]+/$", page.url)
    # A buyer sees the evidence behind the claim.
    assert page.get_by_role("link", name="Download the evidence").count() >= 1
