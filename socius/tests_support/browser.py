"""Playwright driving Debian's Chromium, and axe-core checks on every visited page."""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules on the page as it is now."""
    # evaluate() runs in the page without a <script> tag, so the page's CSP stays intact.
    page.evaluate(AXE_SOURCE + "\n;0")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )
    return list(result)


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe violations on {page.url}:\n" + json.dumps(violations, indent=2)


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

    def visit(self, url: str) -> Any:
        self.page.goto(url)
        self.check()
        return self.page

    def check(self) -> None:
        """axe on the current page, and no console errors so far."""
        self.page.wait_for_load_state("load")
        assert_accessible(self.page)
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"


@pytest.fixture(scope="session")
def chromium(django_db_setup: None) -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

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


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[BrowserPage]:
    context = chromium.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield BrowserPage(page)
    context.close()


def log_in(
    b: BrowserPage, base: str, user: Any, *, mfa: bool = False, button: str = "Log ind"
) -> None:
    """Log ``user`` in through the login form (and the authenticator step for staff), then
    make sure it worked, so a failed login is reported here and not pages later."""
    from socius.tests_support.factories import PASSWORD, totp_code

    page = b.page
    b.visit(base + "/konto/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    b.check()
    if mfa:
        page.locator("#id_code").fill(totp_code())
        page.get_by_role("button", name=button).click()
        b.check()
    assert page.locator("#id_password, #id_code").count() == 0, (
        f"{user.email} is not logged in: still on {page.url}"
    )
