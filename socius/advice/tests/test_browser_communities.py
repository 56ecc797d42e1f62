"""A citizen who needs social contact finds a community near them, without an account."""

import pytest
from playwright.sync_api import expect

from socius.advice import services
from socius.core.models import Municipality, Theme
from socius.tests_support.browser import open_menu_if_collapsed
from socius.tests_support.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_a_citizen_finds_a_community_near_them(live_server, browser_page, citizen):
    organisation = OrganisationFactory(name="Fællesskabshuset", contact=citizen)
    for title, code in (("Gå-gruppen ved Brabrand Sø", "751"), ("Sprogcafé i Aalborg", "851")):
        services.community_create(
            actor=citizen,
            organisation=organisation,
            themes=[Theme.objects.get(slug="faellesskaber-og-ensomhed")],
            title=title,
            description="Vi går en tur og drikker kaffe bagefter.",
            audience="Alle, der vil møde nye mennesker",
            when="Hver tirsdag kl. 10",
            municipality=Municipality.objects.get(code=code),
        )
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Find et fællesskab").first.click()
    b.check("Find et fællesskab")
    page.locator("#id_municipality").select_option(label="Aarhus")
    page.get_by_role("button", name="Find", exact=True).click()
    # The filtered list: the community elsewhere is gone.
    expect(page.get_by_role("link", name="Sprogcafé i Aalborg")).to_have_count(0)
    b.check("Find et fællesskab", shows=page.get_by_role("link", name="Gå-gruppen ved Brabrand Sø"))
    page.get_by_role("link", name="Gå-gruppen ved Brabrand Sø").click()
    b.check("Gå-gruppen ved Brabrand Sø")
    assert "Hver tirsdag kl. 10" in page.content()
