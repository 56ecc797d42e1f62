from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.whistleblowing import abuse
from socius.whistleblowing.models import Channel, Report
from socius.whistleblowing.services import handling

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


@pytest.fixture
def channel(db: None, handler: Any, handler2: Any) -> Channel:
    channel = Channel.objects.create(slug="medarbejdere", name="Medarbejdere", retention_days=30)
    channel.handlers.add(handler, handler2)
    return channel


@pytest.fixture
def other_channel(db: None) -> Channel:
    other = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    handling.handler_key_create(actor=other, passphrase=PASSPHRASE)
    channel = Channel.objects.create(slug="leverandoerer", name="Leverandører")
    channel.handlers.add(other)
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
