"""The programme in real browsers, with axe on every page, at a desktop's and a phone's width:
a visitor goes from the programmes to Aarhus' "Hvor er vi nu?", opens a commitment and reads
the numbers behind a measure's chart."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from socius.core.models import Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.programme.demo import demo_programme
from socius.tests_support.browser import BrowserPage
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMITMENT = "Kommunale midler først til fællesskaber"


def da(msgid: str) -> str:
    """The text as the Danish pages show it."""
    with translation.override("da"):
        return gettext(msgid)


@pytest.mark.width(390)
def test_a_visitor_follows_the_programme_to_a_measure(live_server, browser_page: BrowserPage):
    MunicipalSpace.objects.get_or_create(
        municipality=Municipality.objects.get(code="751"),
        defaults={"slug": "aarhus", "participates": True, "contact_email": "a@example.org"},
    )
    demo_programme(UserFactory(roles=[Role.ADMINISTRATOR], totp=True))
    me, page = browser_page, browser_page.page

    me.visit(live_server.url + "/program/", heading=da("Programmes for social sustainability"))
    page.get_by_role("link", name="Aarhus: Program for social bæredygtighed").click()
    me.check(da("Where are we now?"), shows=page.get_by_text("Program for social bæredygtighed"))
    page.get_by_role("link", name=COMMITMENT).click()
    me.check(shows=page.get_by_role("heading", level=1, name=COMMITMENT))

    table = page.get_by_role("table", name="Ensomhed")
    me.check(shows=table)
    assert table.get_by_role("cell", name="11,1", exact=True).count() >= 1
    assert table.get_by_role("cell", name="9", exact=True).count() == 1
    assert page.get_by_text("Vi mangler lokaler i to bydele").count() >= 1
