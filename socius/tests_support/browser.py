"""Playwright driving Debian's Chromium, and axe-core checks on every visited page.

Every journey runs at the width its person most likely uses - 1280 px (a desktop), or 390 px
(a phone) with ``@pytest.mark.width(390)``; ``@pytest.mark.width(1280, 390)`` runs it at both
(the ``viewport`` fixture; ``browser_page`` and ``open_browser`` give pages of the test's
width). Every page a journey checks goes through axe at both widths all the same: at its own,
then resized to the other and back (``BrowserPage.check``). Running every journey at both
widths, as before, cost about 420 worker-seconds a run, mostly repeating the same clicks.
After an action, a test waits for what the person sees next (``check(heading=...)`` or
``check(shows=locator)``), never for load states or fixed sleeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# Flags that keep Chromium from calling home on a closed network, and let it run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Milliseconds. Generous, for a machine shared with other test runs (the suite must pass
# beside a second suite); a wait ends as soon as what it waits for is there.
ACTION_TIMEOUT = 30_000
NAVIGATION_TIMEOUT = 60_000


# axe-core in every document of the tests' browsers (``add_axe``), under a name of its own:
# an init script runs before the page's own scripts and without a <script> tag, so the page's
# CSP stays intact, and a page's own axe-core (Wagtail's editor has one for its
# accessibility checks) is never the one that runs. Chromium compiles a script it has compiled
# before from its cache: measured on a page of 200 links, about 11 ms per document this way,
# against about 60 ms to compile it anew with evaluate() in each document checked.
AXE_INIT_SCRIPT = AXE_SOURCE + "\n;window.sociusAxe = axe;"
# One round trip: wait for the page's load event (its own scripts have set it up), then axe.
# null when the document has no axe (a browser context opened without ``add_axe``).
_AXE_RUN = """async (limit) => {
    if (document.readyState !== 'complete') {
        await new Promise((loaded, late) => {
            window.addEventListener('load', loaded, {once: true});
            setTimeout(() => late(new Error('the page did not finish loading')), limit);
        });
    }
    if (typeof window.sociusAxe !== 'object') return null;
    const r = await window.sociusAxe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations'],
    });
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


def add_axe(context: Any) -> None:
    """Load axe-core into every document ``context`` opens from now on."""
    context.add_init_script(script=AXE_INIT_SCRIPT)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules on the page as it is now (once it has
    loaded)."""
    result = page.evaluate(_AXE_RUN, ACTION_TIMEOUT)
    if result is None:  # not loaded by add_axe: load it into this document now
        page.evaluate(AXE_INIT_SCRIPT + "0")
        result = page.evaluate(_AXE_RUN, ACTION_TIMEOUT)
    return list(result)


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe violations on {page.url}:\n" + json.dumps(violations, indent=2)


WIDTHS = (1280, 390)


def window(width: int) -> dict[str, int]:
    """A desktop's window (900 px high) or a phone's (844: the most common phones)."""
    return {"width": width, "height": 900 if width >= 1024 else 844}


# Whether the page can be resized to the other width and back without changing what the test
# goes on with. DKFDS closes an open mobile menu when the window grows to a desktop's (and
# moves the focus to the menu button), and a step-indicator modal when it shrinks; Wagtail's
# editor folds its sidebar at a phone's width. Those states are checked at the test's own
# width; the crawl (core/tests/test_browser_crawl.py) puts every page, the editor's too,
# through axe at both widths as it first loads.
_RESIZES_SAFELY = """() => !document.body.classList.contains('mobile-nav-active')
    && !document.body.classList.contains('modal-open')
    && !document.querySelector('dialog[open]')
    && !document.getElementById('wagtail-config')"""
# After the resize back: one frame, so the page's resize handlers (DKFDS fits the main menu
# to the width) have run before the test acts on it again.
_NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => done()))"


def violations_by_width(page: Any, widths: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    """axe on the page with the window at each of ``widths`` in turn (``window``), as
    ``{"390px": [...]}`` for the widths with violations. The window stays at the last width."""
    found = {}
    for width in widths:
        page.set_viewport_size(window(width))
        violations = axe_violations(page)
        if violations:
            found[f"{width}px"] = violations
    return found


def assert_accessible_at_both_widths(page: Any) -> None:
    """axe on the page at the window's width, then, where resizing leaves the page as it was
    (``_RESIZES_SAFELY``), at the other width of ``WIDTHS``; the window is its own size again
    when this returns."""
    here = page.viewport_size["width"]
    widths = [here]
    if page.evaluate(_RESIZES_SAFELY):
        widths += [width for width in WIDTHS if width != here]
    found = violations_by_width(page, widths)
    if len(widths) > 1:
        page.set_viewport_size(window(here))
        page.evaluate(_NEXT_FRAME)
    assert not found, f"axe violations on {page.url}:\n" + json.dumps(found, indent=2)


class BrowserPage:
    """A page that records console errors (CSP violations among them)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response: Any) -> None:
        # Name the failing address: the console only says "Failed to load resource".
        if response.status >= 400:
            self.console_errors.append(f"{response.status} {response.url}")

    def visit(self, url: str, *, heading: str | re.Pattern[str] | None = None) -> Any:
        """Go to ``url`` (Playwright returns once that page has loaded), then check it."""
        self.page.goto(url)
        if heading is not None:
            self.sees(heading)
        self._audit()
        return self.page

    def check(self, heading: str | re.Pattern[str] | None = None, *, shows: Any = None) -> None:
        """After a click or a key press: wait until the person sees what should come next -
        the page's main heading (``heading``, the whole text or a pattern) and/or an element
        such as a message (``shows``, a locator) - then axe on the page at both widths
        (``assert_accessible_at_both_widths``), and no console errors so far. One of the two
        is required: the old page is still there until the new one arrives, and a check of it
        would pass (or read the database) too early."""
        self.sees(heading, shows=shows)
        self._audit()

    def sees(self, heading: str | re.Pattern[str] | None = None, *, shows: Any = None) -> None:
        """Wait until the person sees ``heading`` and/or ``shows``, as ``check`` does, without
        axe (for pages another test already puts through axe)."""
        from playwright.sync_api import expect

        if heading is None and shows is None:
            raise TypeError("sees() needs the heading or the element the person should see")
        if heading is not None:
            expect(self.page.get_by_role("heading", level=1).first).to_have_text(heading)
        if shows is not None:
            expect(shows.first).to_be_visible()

    def _audit(self) -> None:
        # The page the person expects is there (the check above has made sure the new page has
        # arrived); axe waits for its load event, so its own scripts have set it up.
        assert_accessible_at_both_widths(self.page)
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"


def open_menu_if_collapsed(page: Any) -> None:
    """At a phone's width the header's links (log in and out, language, the main menu,
    search) sit behind the "Menu" button: open it if it is shown. At desktop width the
    button is hidden and this does nothing. Call it before clicking any header link."""
    button = page.get_by_role("button", name="Menu", exact=True)
    if (
        button.count()
        and button.first.is_visible()
        and button.first.get_attribute("aria-expanded") != "true"
    ):
        button.first.click()


@pytest.fixture(scope="session")
def chromium(django_db_setup: None) -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do (Playwright's default, 5 s, is short on a loaded
    # machine). Waits end as soon as the page shows what is expected: a long limit costs a
    # passing test nothing.
    expect.set_options(timeout=ACTION_TIMEOUT)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does).")
    saved = {c.alias: getattr(c, "_test_serialized_contents", None) for c in connections.all()}
    with sync_playwright() as p:
        # Playwright's event loop gives this thread a new async context, and Django's
        # connections are context-local: the connection objects the tests now get are new and
        # lack the serialized test data that transactional tests restore after a flush.
        for alias, contents in saved.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that uses ``viewport`` (through ``browser_page`` or ``open_browser`` too) runs
    at the widths of its ``width`` mark, by default a desktop's alone."""
    if "viewport" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("width")
    widths = marker.args if marker is not None else WIDTHS[:1]
    if not widths or set(widths) - set(WIDTHS):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: width must be among {WIDTHS}")
    metafunc.parametrize("viewport", widths, indirect=True, ids=lambda width: f"{width}px")


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """The window of every browser in the test, at the width of its ``width`` mark."""
    return window(int(request.param))


@pytest.fixture
def open_browser(chromium: Any, viewport: dict[str, int]) -> Iterator[Callable[..., BrowserPage]]:
    """Opens a browser of its own (own cookies: one person) at the test's width; closed
    when the test ends. Keyword arguments go to Playwright's ``new_context``."""
    contexts: list[Any] = []

    def open_(*, timeout: float = ACTION_TIMEOUT, **kwargs: Any) -> BrowserPage:
        context = chromium.new_context(locale="da-DK", viewport=viewport, **kwargs)
        add_axe(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(timeout)
        # A worker's first page is slow while the live server warms up on a busy machine.
        page.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
        return BrowserPage(page)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(open_browser: Callable[..., BrowserPage]) -> BrowserPage:
    return open_browser()


def log_in(
    b: BrowserPage,
    base: str,
    user: Any,
    *,
    mfa: bool = False,
    button: str = "Log ind",
    audit: bool = False,
    form: bool = False,
) -> None:
    """Sign ``user`` in to the browser of ``b`` (for staff, ``mfa``: with the authenticator
    code as well).

    By default as the login form leaves a browser, without filling it in: a session made on
    the server with Django's ``login`` and allauth's record of how the person signed in (the
    password, and with ``mfa`` the authenticator app: what allauth writes after each step
    and what ``plans.security`` reads), its cookie given to the browser. The page stays where
    it is; the journey goes on with ``visit``. Journeys are about what comes after logging
    in; logging in itself is a journey of its own (accounts/tests/test_browser_journey.py,
    test_browser_onboarding.py, the header tests) through the real form. Measured before this
    default: the form, the authenticator step and Mit overblik took about 1.2 s of a busy
    worker per login, some 140 logins per test run.

    ``form=True`` goes through the login form (and the authenticator step for staff), pressing
    ``button``, and lands on the page after them, checking that it worked, so a failed login
    is reported here and not pages later; ``audit=True`` (the form, implied) puts the login
    page, the authenticator step and the page after them through axe too."""
    if form or audit:
        _log_in_through_the_form(b, base, user, mfa=mfa, button=button, audit=audit)
        return
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from socius.tests_support.logins import sign_in

    has_app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if mfa != has_app:
        # The form would stop at (or never show) the authenticator step.
        raise ValueError(
            f"log_in(mfa={mfa}) for {user.email}, who {'has' if has_app else 'has no'} "
            "authenticator app"
        )
    key = sign_in(Client(), user, mfa=mfa)
    name = settings.SESSION_COOKIE_NAME
    b.page.context.add_cookies([{"name": name, "value": key, "url": base}])


def _log_in_through_the_form(
    b: BrowserPage, base: str, user: Any, *, mfa: bool, button: str, audit: bool
) -> None:
    from playwright.sync_api import expect

    from socius.tests_support.factories import PASSWORD, totp_code

    page = b.page
    # Each step waits for what the person sees next; with ``audit``, axe then checks it.
    arrived = b.check if audit else b.sees
    page.goto(base + "/konto/login/")
    arrived(shows=page.locator("#id_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    if mfa:
        arrived(shows=page.locator("#id_code"))
        page.locator("#id_code").fill(totp_code())
        page.get_by_role("button", name=button).click()
    # Logged in: the header names the person (on a phone, inside the menu).
    signed_in = page.locator("header").get_by_text(user.display_name)
    try:
        expect(signed_in.first).to_be_attached()
    except AssertionError:
        raise AssertionError(f"{user.email} is not logged in: still on {page.url}") from None
    arrived(shows=page.locator("main"))
    assert page.locator("#id_password, #id_code").count() == 0, (
        f"{user.email} is not logged in: still on {page.url}"
    )
