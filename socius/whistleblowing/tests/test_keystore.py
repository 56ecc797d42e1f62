"""Unlocked keys are split: the database holds them under a wrap key that only the browser has
(keystore.py's threat model). Any web process can open them; neither half alone can."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client

from socius.whistleblowing import crypto, keystore
from socius.whistleblowing.models import HandlerKey, UnlockedKey
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    latest_report,
    open_inbox,
    submit,
    unlocked_client,
)

ROOT = Path(__file__).resolve().parents[3]


def _case_url(report) -> str:
    return f"/whistleblower/behandling/sag/{report.public_id}/"


def _private_key(user) -> bytes:
    key = HandlerKey.objects.get(user=user)
    derived = crypto.passphrase_key(PASSPHRASE, bytes(key.salt), key.kdf_ops, key.kdf_mem)
    return crypto.box_decrypt(derived, bytes(key.private_under_passphrase))


def test_the_database_holds_only_the_wrapped_key_and_the_cookie_only_the_wrap(channel, handler):
    client = unlocked_client(handler)
    cookie = client.cookies[keystore.HANDLER_COOKIE]
    assert cookie["httponly"]
    assert cookie["path"] == keystore.HANDLER_COOKIE_PATH
    assert cookie["samesite"] == "Lax"
    private = _private_key(handler)
    row = UnlockedKey.objects.get(kind=UnlockedKey.Kind.HANDLER)
    session_key = client.cookies["sessionid"].value
    # Looked up by a hash: neither the session key nor the private key is in the row.
    assert session_key not in row.lookup
    assert private not in bytes(row.sealed)
    assert private.hex() not in cookie.value
    assert crypto.box_decrypt(keystore._wrap_decode(cookie.value), bytes(row.sealed)) == private


def test_either_half_alone_opens_nothing(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    client = unlocked_client(handler)
    assert client.get(_case_url(report)).status_code == 200
    unlock = client.cookies[keystore.HANDLER_COOKIE].value

    # The session without the unlock cookie: asked to unlock.
    del client.cookies[keystore.HANDLER_COOKIE]
    assert client.get(_case_url(report)).status_code == 302

    # The unlock cookie in another session of the same handler: asked to unlock.
    other = Client()
    other.force_login(handler)
    other.cookies[keystore.HANDLER_COOKIE] = unlock
    assert other.get(_case_url(report)).status_code == 302


@pytest.mark.parametrize(
    "value",
    ["", "x", "A" * 43, "A" * 42 + "!", "A" * 44, "é" * 43, "A" * 10_000, "..", "%00" * 20],
)
def test_a_forged_unlock_cookie_is_a_locked_key_not_an_error(channel, handler, value):
    submit(Client(), channel)
    client = unlocked_client(handler)
    client.cookies[keystore.HANDLER_COOKIE] = value
    response = client.get(_case_url(latest_report()))
    assert response.status_code == 302
    assert response.url == "/whistleblower/behandling/"


def test_lock_and_logout_delete_the_servers_half(channel, handler):
    client = unlocked_client(handler)
    assert UnlockedKey.objects.filter(kind=UnlockedKey.Kind.HANDLER).count() == 1
    response = client.post("/whistleblower/behandling/laas/")
    assert response.status_code == 302
    assert UnlockedKey.objects.count() == 0
    assert client.cookies[keystore.HANDLER_COOKIE].value == ""

    client = unlocked_client(handler)
    client.post("/konto/logout/")
    assert UnlockedKey.objects.count() == 0


@pytest.mark.parametrize(
    "value",
    ["", "token", "a.b.c", "tok." + "A" * 43, ".", "x" * 5000 + "." + "A" * 43],
)
def test_a_forged_inbox_cookie_shows_the_receipt_form(channel, value):
    client = Client()
    _, receipt = submit(client, channel)
    assert open_inbox(client, receipt).status_code == 302
    real = client.cookies["wb_inbox"].value
    token, wrap = real.split(".")
    for forged in (value, f"{token}.{'B' * 43}", f"{token}x.{wrap}"):
        client.cookies["wb_inbox"] = forged
        response = client.get("/whistleblower/indbakke/")
        assert response.status_code == 200
        assert 'name="receipt"' in response.content.decode()
    client.cookies["wb_inbox"] = real
    assert 'name="receipt"' not in client.get("/whistleblower/indbakke/").content.decode()


def test_closing_the_inbox_deletes_the_servers_half(channel):
    client = Client()
    _, receipt = submit(client, channel)
    open_inbox(client, receipt)
    assert UnlockedKey.objects.filter(kind=UnlockedKey.Kind.REPORTER).count() == 1
    client.post("/whistleblower/indbakke/log-ud/", {})
    assert UnlockedKey.objects.filter(kind=UnlockedKey.Kind.REPORTER).count() == 0


def test_expired_halves_open_nothing_and_are_removed(channel, handler):
    submit(Client(), channel)
    client = unlocked_client(handler)
    UnlockedKey.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert client.get(_case_url(latest_report())).status_code == 302
    assert keystore.expired_remove() == 1
    assert UnlockedKey.objects.count() == 0


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    port = f":{s['PORT']}" if s.get("PORT") else ""
    host = quote(s.get("HOST") or "", safe="")
    return f"postgres://{quote(s['USER'] or '', safe='')}{password}@{host}{port}/{s['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_web_process_opens_the_key_it_did_not_unlock(channel, handler):
    """What a second web worker does with the handler's next request: no sticky sessions."""
    client = unlocked_client(handler)
    session_key = client.cookies["sessionid"].value
    unlock = client.cookies[keystore.HANDLER_COOKIE].value
    # One other process answers all three lookups (starting Django is most of its time).
    script = (
        "import django, hashlib, sys; django.setup();"
        "from socius.whistleblowing import keystore;"
        "a = sys.argv[1:];"
        "ks = [keystore.handler_key_get(a[i], int(a[i + 1]), a[i + 2]) for i in range(0, len(a), 3)];"
        "print(' '.join(hashlib.sha256(k).hexdigest() if k else 'locked' for k in ks))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socius.settings",
        "DATABASE_URL": _database_url(),
        "SOCIUS_DEBUG": "1",
    }

    def other_process(*args: str) -> list[str]:
        done = subprocess.run(  # noqa: S603  (our interpreter, a fixed script)
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout.split()

    expected = hashlib.sha256(_private_key(handler)).hexdigest()
    answers = other_process(
        *(session_key, str(handler.pk), unlock),
        *(session_key, str(handler.pk), "B" * 43),
        *(session_key, str(handler.pk + 1), unlock),
    )
    assert answers == [expected, "locked", "locked"]


def test_erasing_the_account_deletes_its_unlocked_key(channel, handler, handler2):
    from socius.core.personal_data import personal_data_erase

    unlocked_client(handler)
    unlocked_client(handler2)
    assert "whistleblowing" in personal_data_erase(handler)
    assert list(UnlockedKey.objects.values_list("owner", flat=True)) == [str(handler2.pk)]
