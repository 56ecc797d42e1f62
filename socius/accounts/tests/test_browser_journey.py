"""The main journey in a real browser, with axe-core on every page it visits, at a desktop's
and a phone's width (the header's links behind the menu button there)."""

import re

import pytest

from socius.core.roles import Role
from socius.tests_support.browser import open_menu_if_collapsed
from socius.tests_support.factories import PASSWORD, UserFactory, has_totp, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _totp(secret):
    return totp_code(secret)


@pytest.mark.width(390)
def test_sign_up_confirm_log_in_switch_language_log_out(live_server, browser_page, mailbox):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Opret konto").first.click()
    b.check("Opret konto")

    # A wrong repeat of the password is refused with an error that axe also checks.
    page.get_by_label("Dit navn").fill("Nina Ny")
    page.locator("#id_email").fill("ny@example.dk")
    page.get_by_label("Adgangskode", exact=True).fill("Et-langt-kodeord-42")
    page.get_by_label("Adgangskode (igen)").fill("noget-andet-42")
    page.get_by_role("button", name="Opret konto").click()
    b.check(shows=page.get_by_text("Ret disse felter"))
    assert page.locator(".form-error-message").count() >= 1

    page.get_by_label("Adgangskode", exact=True).fill("Et-langt-kodeord-42")
    page.get_by_label("Adgangskode (igen)").fill("Et-langt-kodeord-42")
    page.get_by_role("button", name="Opret konto").click()
    b.check("Bekræft din e-mailadresse")

    (message,) = mailbox.messages
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailbox.body_of(message)).group(0)
    b.visit(link)
    page.get_by_role("button", name="Bekræft").click()
    b.check("Velkommen til Socius")
    assert "/velkommen/" in page.url

    open_menu_if_collapsed(page)
    page.get_by_role("link", name="English").click()
    b.check("Welcome to Socius")
    assert page.locator("html").get_attribute("lang") == "en"
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Dansk").click()
    b.check("Velkommen til Socius")

    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Log ud").click()
    b.check(shows=page.get_by_text("Du er logget ud."))
    open_menu_if_collapsed(page)
    assert page.get_by_role("link", name="Log ind").is_visible()

    b.visit(live_server.url + "/konto/login/")
    page.locator("#id_login").fill("ny@example.dk")
    page.get_by_label("Adgangskode").fill("Et-langt-kodeord-42")
    page.get_by_role("button", name="Log ind").click()
    b.check("Mit overblik")
    assert "/mit/" in page.url


def test_staff_set_up_two_factor_authentication(live_server, browser_page):
    b, page = browser_page, browser_page.page
    staff = UserFactory(roles=[Role.EDITOR], email="redaktoer@example.dk")
    b.visit(live_server.url + "/konto/login/")
    page.locator("#id_login").fill(staff.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Staff are sent on to set up a second factor, after confirming the password again.
    b.check("Bekræft adgang")
    assert "/konto/reauthenticate/" in page.url
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Bekræft").click()
    b.check("Aktiver autentificeringsapp")
    assert "/konto/2fa/totp/activate/" in page.url
    secret = page.locator("#authenticator_secret").input_value()

    page.get_by_label("Autentificeringskode").fill("000000")
    page.get_by_role("button", name="Aktiver").click()
    b.check(shows=page.get_by_text("Ret disse felter"))
    assert not has_totp(staff)

    page.get_by_label("Autentificeringskode").fill(_totp(secret))
    page.get_by_role("button", name="Aktiver").click()
    b.check("Gendannelseskoder", shows=page.get_by_text("Totrinsgodkendelse er slået til."))
    assert has_totp(staff)

    b.visit(live_server.url + "/arbejde/", heading="Arbejdsbord")


def test_public_and_member_pages_are_accessible(live_server, browser_page, client):
    b, page = browser_page, browser_page.page
    for path in [
        "/",
        "/temaer/",
        "/temaer/hjemloeshed/",
        "/organisationer/",
        "/tilgaengelighed/",
        "/privatliv/",
        "/konto/password/reset/",
    ]:
        b.visit(live_server.url + path)
    page.goto(live_server.url + "/findes-ikke/")
    b.console_errors.clear()  # the 404 status itself is reported on the console
    b.check("Siden blev ikke fundet")

    member = UserFactory(roles=[Role.CITIZEN])
    b.visit(live_server.url + "/konto/login/")
    page.locator("#id_login").fill(member.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    b.check("Mit overblik")
    for path in ["/profil/politiker/", "/profil/slet/", "/organisationer/ny/", "/konto/2fa/"]:
        b.visit(live_server.url + path)

    # A form with errors, reached by keyboard alone.
    b.visit(live_server.url + "/organisationer/ny/")
    page.get_by_label("Navn").fill("Klubben")
    page.get_by_label("Type").select_option("company")
    page.get_by_label("CVR-nummer").fill("12345678")
    page.get_by_label("CVR-nummer").press("Enter")
    b.check(shows=page.get_by_text("Ret disse felter"))
    assert "Indtast et gyldigt CVR-nummer" in page.content()


def test_the_skip_link_is_the_first_tab_stop(live_server, browser_page):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/temaer/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gå til sidens indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_the_accessibility_check_catches_a_violation(browser_page):
    from socius.tests_support.browser import axe_violations

    browser_page.page.set_content(
        '<html lang="da"><body><img src="x.png"><a href="#"></a></body></html>'
    )
    ids = {v["id"] for v in axe_violations(browser_page.page)}
    assert {"image-alt", "link-name"} <= ids


def test_the_accessibility_check_loads_axe_into_a_browser_opened_without_it(chromium):
    from socius.tests_support.browser import axe_violations

    context = chromium.new_context()  # no add_axe: axe_violations loads it into the page
    try:
        page = context.new_page()
        page.set_content('<html lang="da"><body><main><img src="x.png"></main></body></html>')
        assert page.evaluate("typeof window.sociusAxe") == "undefined"
        assert "image-alt" in {v["id"] for v in axe_violations(page)}
    finally:
        context.close()


# Black text that turns light grey at one width only: a contrast failure axe sees only there.
_GREY_AT = (
    '<html lang="da"><head><title>Prøve</title><style>p {{ color: #000 }} '
    "@media ({query}) {{ p {{ color: #bbb }} }}</style></head>"
    "<body><main><h1>Prøve</h1><p>Tekst</p></main></body></html>"
)


@pytest.mark.width(1280, 390)
def test_a_check_at_one_width_catches_what_fails_only_at_the_other(browser_page, viewport):
    page = browser_page.page
    phone = viewport["width"] < 1000
    # The failure shows only at the width the test does not run at.
    page.set_content(_GREY_AT.format(query="min-width: 1000px" if phone else "max-width: 600px"))
    with pytest.raises(AssertionError) as failed:
        browser_page.check("Prøve")
    other = "1280px" if phone else "390px"
    assert f'"{other}"' in str(failed.value)
    assert "color-contrast" in str(failed.value)
    assert page.viewport_size == viewport  # the window is its own size again


@pytest.mark.width(390)
def test_the_check_at_both_widths_leaves_the_open_menu_open(live_server, browser_page):
    b, page = browser_page, browser_page.page
    b.visit(live_server.url + "/temaer/")
    open_menu_if_collapsed(page)
    button = page.get_by_role("button", name="Menu", exact=True)
    b.check(shows=page.locator("#mobile-menu"))
    # Resized to a desktop's width, DKFDS would have closed the menu and moved the focus.
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator("#mobile-menu").is_visible()
