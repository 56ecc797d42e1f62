"""New people and staff in a real browser, with axe on every page at 1280 and 390 px:
sign up -> confirm -> next step -> Mit overblik; and a staff member reaching each queue
from the workbench."""

from __future__ import annotations

import re

import pytest

from socius.core.roles import Role
from socius.knowledge.setup import knowledge_index_ensure
from socius.tests_support.browser import log_in
from socius.tests_support.factories import UserFactory
from socius.whistleblowing.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_sign_up_confirm_next_step_and_my_overview(live_server, browser_page, mailbox, viewport):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/konto/signup/", heading="Opret konto")
    page.get_by_label("Dit navn").fill("Nina Ny")
    page.locator("#id_email").fill(f"nina{viewport['width']}@example.dk")
    page.get_by_label("Adgangskode", exact=True).fill("Et-langt-kodeord-42")
    page.get_by_label("Adgangskode (igen)").fill("Et-langt-kodeord-42")
    page.get_by_role("checkbox", name="Frivillig").check()
    page.get_by_role("button", name="Opret konto").click()
    b.check("Bekræft din e-mailadresse")

    (message,) = mailbox.messages
    body = mailbox.body_of(message)
    assert "Hej fra" not in body
    assert "127.0.0.1" not in body
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", body).group(0)
    b.visit(link)
    page.get_by_role("button", name="Bekræft").click()
    b.check("Velkommen til Socius")
    for way in ("Deltag i en samtale", "Skriv under på et borgerforslag", "Find et fællesskab"):
        assert page.locator("#main-content").get_by_role("link", name=way).is_visible()

    page.get_by_role("link", name="Gå til mit overblik").click()
    b.check("Mit overblik")
    assert page.get_by_role("heading", level=2, name="Samtaler, du deltager i").is_visible()
    page.get_by_role("link", name="Find en samtale").click()
    b.check("Samtaler på tværs af partier")
    assert "/samtaler/" in page.url


def test_a_staff_member_reaches_each_queue_from_the_workbench(live_server, browser_page):
    b, page = browser_page, browser_page.page
    knowledge_index_ensure()
    staff = UserFactory(roles=[Role.ADMINISTRATOR, Role.CASE_HANDLER], totp=True)
    Channel.objects.create(slug="ansatte", name="Ansatte").handlers.add(staff)
    # The login page, the authenticator step and the page after them get axe here.
    log_in(b, live_server.url, staff, mfa=True, audit=True)
    b.visit(live_server.url + "/arbejde/", heading="Arbejdsbord")
    for key in (
        "advice",
        "proposals",
        "whistleblowing",
        "grants-review",
        "knowledge-review",
        "people",
    ):
        section = page.locator(f"#queue-{key}")
        assert section.is_visible(), key
        button = section.locator("a.button")
        href = button.get_attribute("href")
        button.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        if href.startswith("/cms/"):
            # Our pages get axe; the CMS has its own test (knowledge.tests.test_browser_knowledge).
            page.get_by_role("heading", level=1).first.wait_for()
        else:
            b.check(shows=page.get_by_role("heading", level=1))
        b.visit(live_server.url + "/arbejde/", heading="Arbejdsbord")
