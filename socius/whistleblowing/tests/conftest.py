from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.whistleblowing import abuse, crypto
from socius.whistleblowing.models import Channel, HandlerKey, Report
from socius.whistleblowing.services import channels, handling

PASSPHRASE = "a long and secret passphrase"  # noqa: S105
STORY = "Lederen godkender fakturaer fra sin svogers firma uden udbud (hemmelig-markør-7731)."


@pytest.fixture(autouse=True)
def _whistle_settings(settings: Any, tmp_path: Any) -> None:
    # Light Argon2 parameters so the suite runs quickly; still three different sets.
    settings.WHISTLEBLOWING_KDF = {"receipt": (1, 64), "access": (1, 16384), "handler": (1, 32768)}
    settings.WHISTLEBLOWING_POW_BITS = 4
    settings.WHISTLEBLOWING_NOJS_WAIT = 60
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def handler(db: None) -> Any:
    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Hanne Handler")
    handling.handler_key_create(actor=user, passphrase=PASSPHRASE)
    return user


@pytest.fixture
def handler2(db: None) -> Any:
    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Bo Behandler")
    handling.handler_key_create(actor=user, passphrase=PASSPHRASE)
    return user


@pytest.fixture
def custodian(db: None) -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True, name="Karin Kustode")


def private_key_of(user: Any, passphrase: str = PASSPHRASE) -> bytes:
    """The handler's private key, opened as the unlock page does (for setting up tests)."""
    key = HandlerKey.objects.get(user=user)
    derived = crypto.passphrase_key(passphrase, bytes(key.salt), key.kdf_ops, key.kdf_mem)
    return crypto.box_decrypt(derived, bytes(key.private_under_passphrase))


def fingerprint_of(user: Any) -> str:
    return crypto.fingerprint(bytes(HandlerKey.objects.get(user=user).public_key))


def handlers_approved(channel: Channel, first: Any, *others: Any) -> None:
    """Add handlers (with keys) to ``channel`` the real way: an administrator and a custodian
    approve the first; the first approves the others."""
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    custodian = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    for user in (first, *others):
        channels.handler_add(actor=admin, channel=channel, user=user)
    approval = channels.first_handler_propose(
        actor=admin, channel=channel, user=first, fingerprint=fingerprint_of(first)
    )
    channels.first_handler_confirm(
        actor=custodian, approval=approval, fingerprint=fingerprint_of(first)
    )
    for user in others:
        channels.handler_key_approve(
            actor=first,
            channel=channel,
            user=user,
            fingerprint=fingerprint_of(user),
            approver_private_key=private_key_of(first),
        )


@pytest.fixture
def channel(db: None, handler: Any, handler2: Any) -> Channel:
    channel = Channel.objects.create(slug="medarbejdere", name="Medarbejdere", retention_days=30)
    handlers_approved(channel, handler, handler2)
    return channel


@pytest.fixture
def other_channel(db: None) -> Channel:
    other = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    handling.handler_key_create(actor=other, passphrase=PASSPHRASE)
    channel = Channel.objects.create(slug="leverandoerer", name="Leverandører")
    handlers_approved(channel, other)
    return channel


def pow_fields(client: Client, url: str) -> dict[str, str]:
    """The proof-of-work token of the form at ``url``, solved as pow.js would."""
    page = client.get(url).content.decode()
    challenge = re.search(r'name="pow_challenge" value="([^"]+)"', page)
    assert challenge, "no proof-of-work challenge on the form"
    return {
        "pow_challenge": challenge.group(1),
        "pow_nonce": abuse.pow_solve(challenge.group(1), 4),
    }


def submit(client: Client, channel: Channel, **fields: Any) -> tuple[Any, str]:
    """Submit through the form as a browser with JavaScript would; return response, receipt."""
    url = f"/whistleblower/indberet/{channel.slug}/"
    data = {"kind": "written", "what": STORY, **pow_fields(client, url), **fields}
    response = client.post(url, data)
    match = re.search(r"<code>([0-9 ]+)</code>", response.content.decode())
    return response, (match.group(1) if match else "")


def open_inbox(client: Client, receipt: str) -> Any:
    """Type the receipt on the inbox's login page (its token taken from a fresh page)."""
    fields = pow_fields(Client(), "/whistleblower/indbakke/")
    return client.post("/whistleblower/indbakke/log-ind/", {"receipt": receipt, **fields})


def unlocked_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    response = client.post("/whistleblower/behandling/noegle/laas-op/", {"passphrase": PASSPHRASE})
    assert response.status_code == 302, response.content[:500]
    return client


def latest_report() -> Report:
    return Report.objects.order_by("-id").first()  # type: ignore[return-value]


def database_text() -> str:
    """The text of every row of every table in the database (the cache, session and join
    tables included), as a dump would show it: what no plaintext may be found in."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)
