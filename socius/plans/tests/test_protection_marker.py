"""After real use of a plan, nothing anyone wrote in it is readable in the database (every
table, every text and binary column), a backup made with the backup command, the logs, the
search index or the mails sent."""

from __future__ import annotations

import io
import logging
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from socius.core.backup import pg_binary, pg_environment
from socius.core.roles import Role
from socius.plans.models import Goal
from socius.plans.tests.protection_support import full_plan, strong_login
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PREFIX = "QZMARK"


def _mark(field: str) -> str:
    return f"{PREFIX}-{field}-7731"


def database_text() -> str:
    """The text of every row of every table, as a dump would show it."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def backup_text(folder: Path) -> str:
    """The database file (a pg_restore to SQL for PostgreSQL's compressed dump) and every
    member of the media archive, as text."""
    parts = []
    for path in folder.iterdir():
        if path.name == "database.dump":
            sql = subprocess.run(  # noqa: S603 (our own tool and file)
                [pg_binary("pg_restore"), "-f", "-", str(path)],
                capture_output=True,
                check=True,
                env=pg_environment(connection.settings_dict),
            )
            parts.append(sql.stdout.decode("utf-8", "replace"))
        elif path.name == "media.tar":
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    handle = archive.extractfile(member) if member.isfile() else None
                    if handle is not None:
                        parts.append(handle.read().decode("utf-8", "replace"))
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def _mail_text(message: Any) -> str:
    """Headers and every part of a mail, decoded (base64 and quoted-printable)."""
    parts = [str(message.items())]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.append(payload.decode("utf-8", "replace"))
    return "\n".join(parts)


def test_no_marker_is_left_anywhere(client, caplog, tmp_path, settings, mailbox):
    settings.MEDIA_ROOT = tmp_path / "media"
    caplog.set_level(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        citizen = UserFactory(roles=[Role.CITIZEN], name="Borger Test")
        professional = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Faglig Test")
        made = full_plan(citizen, professional, _mark)
        share = made["share"]
        # through the views as well: the citizen writes a goal, the professional a comment
        strong_login(client, citizen)
        created = client.post(
            reverse("plans:goal-create"),
            {"text": _mark("view-goal"), "why": _mark("view-why"), "domain": "work",
             "baseline": "-1"},
        )  # fmt: skip
        assert created.status_code == 302, created.content[:2000]
        assert Goal.objects.filter(plan=made["plan"]).count() == 2
        pages = {}
        for name, args in [
            ("plans:home", []),
            ("plans:goal-detail", [made["goal"].public_id]),
            ("plans:entry-list", []),
            ("plans:document-list", []),
            ("plans:progress", []),
            ("plans:share-list", []),
            ("plans:export-json", []),
            ("plans:export-pdf", []),
        ]:
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, name
            pages[name] = response.content
        download = client.get(reverse("plans:document-download", args=[made["document"].public_id]))
        assert _mark("file").encode() in b"".join(download.streaming_content)
        other = strong_login(type(client)(), professional)
        shared = other.get(reverse("plans:shared-plan", args=[share.public_id]))
        assert shared.status_code == 200
        commented = other.post(
            reverse("plans:shared-comment", args=[share.public_id]),
            {"text": _mark("view-comment"), "goal": ""},
        )
        assert commented.status_code in (200, 302)
        # the plaintext was really there to be found, for those entitled to it
        assert (
            _mark("goal").encode() in pages["plans:home"]
            or _mark("goal").encode() in (pages["plans:goal-detail"])
        )
        assert _mark("view-goal").encode() in pages["plans:export-json"]
        assert _mark("purpose").encode() in pages["plans:share-list"]
        assert _mark("goal").encode() in shared.content
        call_command("search_rebuild", stdout=io.StringIO())
        backup = tmp_path / "backup"
        call_command("backup", str(backup), verbosity=0, stdout=io.StringIO())
    finally:
        logging.getLogger().removeHandler(handler)
    places = {
        "database": database_text(),
        "backup": backup_text(backup),
        "logs": caplog.text
        + "\n".join(str(r.__dict__) for r in caplog.records)
        + stream.getvalue(),
        "mails": "\n".join(_mail_text(m) for m in mailbox.messages),
    }
    assert mailbox.messages, "the share mailed the professional"
    assert len(places["backup"]) > 10_000
    for where, text in places.items():
        assert PREFIX not in text, (where, text[max(text.find(PREFIX) - 200, 0) :][:400])
