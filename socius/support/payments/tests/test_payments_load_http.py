"""200 donors give at once through the real pages on PostgreSQL: every gift is in the ledger
exactly once, and the provider was asked once per gift.

Each donor is a client of its own (an httpx client with its own cookie jar), as a browser:
it opens the gift form (/stoet/giv/), sends it with the CSRF token and the form's hidden key
(one donor in ten double-clicks: the same form sent twice at the same moment), follows the
redirect to the checkout step, opens the development provider's checkout page from its link
and presses "Betal" there, and follows the provider back to the platform's return page. A
thread pool runs the donors, ``CLIENTS`` at a time, against pytest-django's live server (a
thread per request, each with its own PostgreSQL connection, closed after the request).

The provider is the real development server (``payment_devserver``) with its duplicate fault
on: it posts every signed webhook (authorised, then captured) twice to the live server's
webhook view. The test waits, polling the database with a deadline, until every payment is
captured and the provider has sent everything, then checks the books.

Measured on the 2-core development machine with a full test run beside it (three runs):
25-41 s for the test itself (the donors 13-17 s, every payment captured 12-18 s after the
last donor; the webhooks are delivered one at a time), plus about 30 s to migrate the
PostgreSQL test database when it is the run's first database test.

``test_payments_load.py`` covers the services underneath: two tabs starting the same gift at
the same moment inside one process, and the capture webhook delivered twice concurrently.
This file covers the same promise through HTTP: the form's key, the CSRF check, the
redirects, the provider's own checkout and its real deliveries to the webhook view."""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from django.db.models import Count, Sum

from socius.support.models import Gift, Supporter
from socius.support.payments.devserver import DevServer, Faults
from socius.support.payments.models import LedgerEntry, Payment, WebhookEvent

pytestmark = [
    pytest.mark.postgresql(reason="concurrent requests on row locks and unique indexes"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DONORS = 200
CLIENTS = 20  # Django's live server queues 10 connections; more clients only wait longer
AMOUNT_ORE = 250_00  # one of the suggested amounts ("250,00 kr.")
DOUBLE_CLICK_EVERY = 10
GIFT_PATH = "/stoet/giv/"
DEADLINE = 90.0  # seconds, for the donors and for the webhooks each


def _field(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no {name} field on the gift form"
    return html.unescape(match.group(1))


def _donor(base: str, n: int) -> str:
    """One donor's journey; returns the page the provider sent the donor back to (the
    gift's thank-you page)."""
    with httpx.Client(base_url=base, timeout=60) as http:
        form_page = http.get(GIFT_PATH)
        assert form_page.status_code == 200, form_page.status_code
        form = {
            "csrfmiddlewaretoken": _field(form_page.text, "csrfmiddlewaretoken"),
            "form_key": _field(form_page.text, "form_key"),
            "name": f"Giver {n}",
            "email": f"giver{n}@example.dk",
            "amount_choice": str(AMOUNT_ORE),
            "frequency": "once",
            "provider": "dev",
            "campaign": "",
        }
        sends = 2 if n % DOUBLE_CLICK_EVERY == 0 else 1
        answers: list[httpx.Response] = []
        clicks = [
            threading.Thread(target=lambda: answers.append(http.post(GIFT_PATH, data=form)))
            for _ in range(sends)
        ]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join()
        assert [a.status_code for a in answers] == [302] * sends, [a.text[:500] for a in answers]
        places = {a.headers["location"] for a in answers}
        assert len(places) == 1, f"a double click gave two payments: {places}"
        checkout_path = places.pop()

        step = http.get(checkout_path)
        assert step.status_code == 200, step.status_code
        link = re.search(r'id="checkout-link"[^>]*href="([^"]+)"', step.text)
        assert link, "no link to the payment on the checkout step"
        provider_page = http.get(html.unescape(link.group(1)))
        assert "Betal</button>" in provider_page.text
        back = http.post(str(provider_page.url), data={"action": "approve"}, follow_redirects=True)
        assert back.status_code == 200, back.status_code
        assert str(back.url).startswith(base), back.url
        return str(back.url)


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def site(settings: Any, live_server: Any, payment_devserver: DevServer) -> str:
    # The provider sends the payer back to SITE_URL and its webhooks to the same origin.
    settings.SITE_URL = live_server.url
    settings.SUPPORT_PROVIDERS = ["dev"]
    payment_devserver.set_faults(Faults(duplicates=1))
    return live_server.url


def test_200_donors_at_once_through_the_pages_each_in_the_ledger_once(
    site: str, payment_devserver: DevServer
) -> None:
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        returns = list(pool.map(lambda n: _donor(site, n), range(DONORS)))
    donors_done = time.monotonic()
    assert len(set(returns)) == DONORS

    def all_captured() -> bool:
        captured = Payment.objects.filter(status=Payment.Status.CAPTURED).count()
        return captured == DONORS and payment_devserver.outbox.wait_idle(timeout=0.1)

    _wait_for(all_captured, "every payment captured and every webhook sent")
    settled = time.monotonic()

    assert Gift.objects.count() == DONORS
    assert Supporter.objects.count() == DONORS  # a double click makes no second supporter
    assert Payment.objects.count() == DONORS
    assert LedgerEntry.objects.filter(kind="capture").count() == DONORS
    per_payment = LedgerEntry.objects.values("payment").annotate(n=Count("id"))
    assert sorted(row["n"] for row in per_payment) == [1] * DONORS
    assert LedgerEntry.objects.aggregate(s=Sum("amount_ore"))["s"] == DONORS * AMOUNT_ORE
    assert set(Gift.objects.values_list("status", flat=True)) == {Gift.Status.PAID}
    # The provider: one payment per gift, each approved once; every webhook sent twice and
    # taken by the platform (stored once: two events per payment).
    provider_payments = list(payment_devserver.store.payments.values())
    assert len(provider_payments) == DONORS
    assert sorted(p.reference for p in provider_payments) == sorted(
        Payment.objects.values_list("reference", flat=True)
    )
    assert {p.status for p in provider_payments} == {"captured"}
    log = payment_devserver.outbox.log
    assert len(log) == DONORS * 2 * 2
    assert {entry["status"] for entry in log} == {200}
    assert WebhookEvent.objects.count() == DONORS * 2

    # What each donor sees on the page the provider sent them back to, now.
    def seen(url: str) -> str:
        return httpx.get(url, timeout=60).text

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        pages = list(pool.map(seen, returns))
    thanked = [p for p in pages if "<h1>Tak for din gave</h1>" in p]
    assert len(thanked) == DONORS, pages[0][:3000]
    paid = "Din gave på 250 kr. (én gang) har status: betalt."
    assert [p for p in thanked if paid not in p] == []
    print(  # shown with -s: the measured times
        f"\n{DONORS} donors with {CLIENTS} clients: {donors_done - began:.1f} s; "
        f"all captured {settled - donors_done:.1f} s later"
    )
