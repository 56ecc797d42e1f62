"""Nothing about a reporter on disk, and brakes that cannot be turned against reporters.

The counters and proof-of-work tokens of abuse.py (docs/whistleblowing.md, "Proof of work" and
section 1), and the reporter pages' own CSRF cookie (csrf.py). Marked `cache`: the test script
runs them once more against a real Redis server.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import time

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from socius.whistleblowing import abuse
from socius.whistleblowing.models import Report
from socius.whistleblowing.tests.conftest import database_text, open_inbox, pow_fields, submit

pytestmark = [pytest.mark.django_db, pytest.mark.cache]

LOGIN = "/whistleblower/indbakke/log-ind/"
INBOX = "/whistleblower/indbakke/"
REPORTER = "198.51.100.77"
ATTACKER = "203.0.113.66"
WRONG = "9" * 25
# The production default: Django's database cache (socius/settings.py).
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "socius_cache",
    # Small, so that a flood of rows would make Django cull the table within the test.
    "OPTIONS": {"MAX_ENTRIES": 20},
}


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)
    caches["default"].clear()


def _cache_rows() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM socius_cache ORDER BY cache_key")
        return [(key, value) for key, value in cursor.fetchall()]


def _secret_key_source(address: str) -> str:
    """How the per-source key used to be made: recomputable by anyone with the secret key."""
    day = datetime.date.today().isoformat()  # noqa: DTZ011
    key = hmac.new(django_settings.SECRET_KEY.encode(), f"wb-source:{day}".encode(), "sha256")
    return hmac.new(key.digest(), address.encode(), hashlib.sha256).hexdigest()[:32]


# --- C: the reporter's address cannot be recovered ---------------------------------------------
def test_after_a_report_no_table_holds_anything_derived_from_the_address(channel, database_cache):
    caches["default"].set("still-here", 1, 600)
    _, receipt = submit(Client(REMOTE_ADDR=REPORTER), channel)
    assert receipt
    assert open_inbox(Client(REMOTE_ADDR=REPORTER), WRONG).status_code == 200
    dump = database_text()
    assert ":1:still-here" in dump  # the cache table is part of the dump
    for trace in (REPORTER, _secret_key_source(REPORTER), abuse.source_id(REPORTER), "wb:"):
        assert trace not in dump, trace


def test_the_source_key_cannot_be_recomputed_from_the_secret_key():
    # What a fresh process makes at start: a random key, not one derived from the settings.
    fresh = abuse._SourceKey()
    assert fresh.today() != abuse._source_key.today()
    assert abuse.source_id(REPORTER) != _secret_key_source(REPORTER)
    assert re.fullmatch(r"[0-9a-f]{32}", abuse.source_id(REPORTER))


def test_the_source_key_moves_on_each_day_and_never_back(monkeypatch):
    now = time.time()
    today = abuse.source_id(REPORTER)
    monkeypatch.setattr(abuse, "_now", lambda: now + abuse.DAY)
    tomorrow = abuse.source_id(REPORTER)
    assert tomorrow != today
    monkeypatch.setattr(abuse, "_now", lambda: now)
    assert abuse.source_id(REPORTER) == tomorrow


# --- E: anonymous page views write nothing to the database cache -------------------------------
def test_showing_the_reporter_forms_leaves_the_database_cache_and_login_limits_alone(
    channel, database_cache
):
    # allauth counts a failed login in the database cache.
    Client().post("/konto/login/", {"login": "nobody@example.org", "password": "wrong-password"})
    before = _cache_rows()
    assert before, "allauth counted nothing"
    for _ in range(40):
        assert Client().get(f"/whistleblower/indberet/{channel.slug}/").status_code == 200
        assert Client().get(INBOX).status_code == 200
    assert _cache_rows() == before


def test_a_proof_of_work_token_needs_no_stored_state(client, channel):
    url = f"/whistleblower/indberet/{channel.slug}/"
    fields = pow_fields(client, url)
    for alias in django_settings.CACHES:
        caches[alias].clear()
    response = client.post(url, {"kind": "written", "what": "Noget skete", **fields})
    assert "<code>" in response.content.decode()


def test_forged_expired_and_misused_tokens_are_refused(client, channel, monkeypatch):
    url = f"/whistleblower/indberet/{channel.slug}/"

    def sent(fields):
        response = client.post(url, {"kind": "written", "what": "x", **fields})
        return "<code>" in response.content.decode()

    # Difficulty 0 and an old issue time, signed with another key: not ours.
    forged = signing.dumps(
        {"c": "0" * 32, "b": 0, "p": "report", "t": int(time.time()) - 3600}, salt="other"
    )
    assert not sent({"pow_challenge": forged, "pow_nonce": ""})
    # A token for the receipt form is no token for a report.
    assert not sent(pow_fields(client, INBOX))
    # Expired after two hours.
    fields = pow_fields(client, url)
    later = time.time() + abuse.POW_TTL + 120
    monkeypatch.setattr(abuse, "_now", lambda: later)
    assert not sent(fields)
    monkeypatch.undo()
    assert sent(pow_fields(client, url))
    assert Report.objects.count() == 1


# --- D: the receipt brake is per source and refused attempts do not count ----------------------
def test_one_sources_guesses_do_not_lock_out_another_reporter(channel):
    _, receipt = submit(Client(REMOTE_ADDR=REPORTER), channel)
    for _ in range(abuse.FAILURES_BEFORE_DELAY + 3):
        assert open_inbox(Client(REMOTE_ADDR=ATTACKER), WRONG).status_code == 200
    # The guesser waits, even with the right receipt...
    assert open_inbox(Client(REMOTE_ADDR=ATTACKER), receipt).status_code == 200
    assert abuse.receipt_wait_seconds(abuse.source_id(ATTACKER)) > 0
    # ...the reporter does not.
    assert abuse.receipt_wait_seconds(abuse.source_id(REPORTER)) == 0
    assert open_inbox(Client(REMOTE_ADDR=REPORTER), receipt).status_code == 302


def test_attempts_refused_by_the_brake_do_not_extend_the_wait(channel, monkeypatch):
    _, receipt = submit(Client(REMOTE_ADDR=REPORTER), channel)
    now = time.time()
    monkeypatch.setattr(abuse, "_now", lambda: now)
    source = abuse.source_id(REPORTER)
    for _ in range(abuse.FAILURES_BEFORE_DELAY + 1):
        open_inbox(Client(REMOTE_ADDR=REPORTER), WRONG)
    wait = abuse.receipt_wait_seconds(source)
    assert wait > 0
    for _ in range(10):
        assert open_inbox(Client(REMOTE_ADDR=REPORTER), WRONG).status_code == 200
    assert abuse.receipt_wait_seconds(source) == wait
    monkeypatch.setattr(abuse, "_now", lambda: now + wait + 1)
    assert open_inbox(Client(REMOTE_ADDR=REPORTER), receipt).status_code == 302


def test_a_receipt_check_needs_a_fresh_proof_of_work_and_a_refusal_is_not_a_failure(channel):
    _, receipt = submit(Client(REMOTE_ADDR=REPORTER), channel)
    for _ in range(abuse.FAILURES_BEFORE_DELAY + 3):
        refused = Client(REMOTE_ADDR=REPORTER).post(LOGIN, {"receipt": receipt})
        assert refused.status_code == 200
        assert "sikkerhedstjekket lykkedes ikke" in refused.content.decode().lower()
    assert abuse.receipt_wait_seconds(abuse.source_id(REPORTER)) == 0
    fields = pow_fields(Client(), INBOX)
    data = {"receipt": receipt, **fields}
    assert Client(REMOTE_ADDR=REPORTER).post(LOGIN, data).status_code == 302
    assert Client(REMOTE_ADDR=REPORTER).post(LOGIN, data).status_code == 200  # used up


# --- P: reporter pages keep their own, short-lived CSRF cookie ---------------------------------
@pytest.mark.parametrize("path", ["", "indberet/medarbejdere/", "indbakke/", "privatliv/"])
def test_reporter_pages_never_set_the_site_wide_csrf_cookie(path, channel):
    client = Client(enforce_csrf_checks=True)
    client.cookies[django_settings.CSRF_COOKIE_NAME] = "a" * 32  # from an earlier visit
    response = client.get(f"/whistleblower/{path}")
    assert response.status_code == 200
    assert django_settings.CSRF_COOKIE_NAME not in response.cookies
    if "csrfmiddlewaretoken" in response.content.decode():
        cookie = response.cookies["wb_csrf"]
        assert cookie["path"] == "/whistleblower/"
        assert not cookie["max-age"]
        assert not cookie["expires"]
        assert cookie["samesite"] == "Strict"
        assert cookie["httponly"]


def test_reporter_forms_work_with_their_own_token_and_refuse_posts_without_it(channel):
    url = f"/whistleblower/indberet/{channel.slug}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"kind": "written", "what": "Noget skete", **pow_fields(Client(), url)}
    assert client.post(url, data).status_code == 403
    sent = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert "<code>" in sent.content.decode()
    assert django_settings.CSRF_COOKIE_NAME not in sent.cookies
    # The site-wide cookie and its token are no key to reporter pages.
    member = Client(enforce_csrf_checks=True)
    login_page = member.get("/konto/login/").content.decode()
    site_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    assert django_settings.CSRF_COOKIE_NAME in member.cookies
    data = {"kind": "written", "what": "x", **pow_fields(Client(), url)}
    refused = member.post(url, {**data, "csrfmiddlewaretoken": site_token})
    assert refused.status_code == 403
    assert Report.objects.count() == 1
