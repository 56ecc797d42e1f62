"""A buyer adds a works contract of 60 mio. kr. over 18 months in a real browser and sees on
its page that the law requires a training clause; axe on every page, at 1280 and 390 px."""

import pytest

from socius.core.models import Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.procurement import services
from socius.procurement.models import Contract
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_buyer_adds_a_contract_and_sees_the_training_clause_required(live_server, open_browser):
    space, _ = MunicipalSpace.objects.get_or_create(
        slug="aarhus",
        defaults={
            "municipality": Municipality.objects.get(code="751"),
            "contact_email": "kontakt@aarhus.example",
        },
    )
    buyer = UserFactory(roles=[Role.BUYER], totp=True)
    department = services.department_create(actor=buyer, space=space, name="Teknik og Miljø")
    base = live_server.url

    b: BrowserPage = open_browser()
    log_in(b, base, buyer, mfa=True)
    page = b.page
    b.visit(base + "/indkoeb/aarhus/")
    page.locator("a[href='/indkoeb/aarhus/kontrakter/ny/']").first.click()
    b.check(shows=page.locator("#id_reference"))
    page.locator("#id_reference").fill("B-2026-1")
    page.locator("#id_title").fill("Ny skole i Lisbjerg")
    page.locator("#id_department").select_option(str(department.pk))
    page.locator("#id_cpv_code").fill("45210000")
    page.locator("#id_kind").select_option("works")
    page.locator("#id_estimated_value").fill("60.000.000")
    page.locator("#id_duration_months").fill("18")
    page.locator("#id_procedure").select_option("open")
    page.locator("#id_status").select_option("tender")
    page.locator("main form button[type=submit]").click()

    b.check("Ny skole i Lisbjerg", shows=page.locator("#rules-block-heading"))
    contract = Contract.objects.get(reference="B-2026-1")
    assert page.url.endswith(contract.get_absolute_url())
    assert contract.cpv_code == "45210000-2"
    assert contract.estimated_value_ore == 6_000_000_000
    # The training clause is required and missing: the buyer is offered to add it.
    add = page.locator("a[href*='kategori=training']")
    b.check(shows=add)
    assert page.locator(".badge-warning").count() >= 1
