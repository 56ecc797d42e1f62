"""Min plan asks for a strong sign-in, in a real browser at a phone's width, with axe on
every page at both widths: a citizen who has never set up two-factor is shown the two ways
in, sets up an authenticator app from there, confirms with a code and comes back to their
plan."""

import pytest

from socius.core.roles import Role
from socius.tests_support.browser import log_in
from socius.tests_support.factories import PASSWORD, UserFactory, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_a_citizen_without_two_factor_sets_it_up_and_opens_the_plan(live_server, open_browser):
    base = live_server.url
    citizen = UserFactory(roles=[Role.CITIZEN], name="Lis Borger")
    b = open_browser()
    page = b.page
    log_in(b, base, citizen)  # password only: the session is not strong

    b.visit(base + "/min-plan/", heading="Sikker adgang til din plan")
    # Without an identity broker configured, MitID is offered as unavailable, in words.
    assert page.get_by_text("MitID virker ikke lige nu. Brug to-faktor i stedet.").is_visible()
    page.get_by_role("link", name="Slå to-faktor til").click()
    b.check("Bekræft adgang")  # the password once more before a new factor is added
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Bekræft").click()
    b.check("Aktiver autentificeringsapp")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Autentificeringskode").fill(totp_code(secret))
    page.get_by_role("button", name="Aktiver").click()
    b.check(shows=page.get_by_text("Totrinsgodkendelse er slået til."))

    # Back at the plan: the app is set up, so the page now asks for a code from it.
    b.visit(base + "/min-plan/", heading="Sikker adgang til din plan")
    page.get_by_role("link", name="Skriv kode").click()
    b.check("Bekræft adgang", shows=page.get_by_label("Kode", exact=True))
    page.get_by_label("Kode", exact=True).fill(totp_code(secret))
    page.keyboard.press("Enter")  # the form is sent from the keyboard
    b.check("Min plan", shows=page.get_by_role("link", name="Start din plan"))
