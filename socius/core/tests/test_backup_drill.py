"""The restore drill of docs/operations.md, run by the suite: the demo content, a whistleblower
report with an attachment, a signed citizen proposal and the day's Merkle root; then
``manage.py backup`` and ``manage.py restore`` (each a process of its own, as an operator runs
them) into a new database and media folder, and the restored copy must answer as the original
did. Runs on SQLite and on PostgreSQL.

The checks on the restored copy run in this process with Django's connection pointed at the
restored database and MEDIA_ROOT at the restored folder; the original stays as it was, and
the test's flush empties it afterwards (a transactional test: ``manage.py backup`` reads
committed data)."""

from __future__ import annotations

import io
import json
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings

from socius.core.audit import audit_chain_state, audit_record
from socius.core.backup import DATABASE_FILES
from socius.core.models import AuditEntry, Municipality
from socius.core.roles import Role
from socius.knowledge.selectors import published_publications
from socius.proposals.identity import identity_from_claims
from socius.proposals.merkle import merkle_root, merkle_verify
from socius.proposals.models import Tally
from socius.proposals.services.signing import signature_add
from socius.proposals.tests.conftest import make_published
from socius.search.selectors import search_query
from socius.tests_support.databases import (
    connected_to,
    database_url,
    empty_database,
    manage,
    row_counts,
)
from socius.tests_support.factories import UserFactory
from socius.tests_support.servers import database_url_for_test
from socius.whistleblowing.models import Attachment, Channel
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    STORY,
    handlers_approved,
    latest_report,
    open_inbox,
    submit,
    unlocked_client,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Seeding the demo with DEBUG on logs more queries than Django keeps; that is expected.
    pytest.mark.filterwarnings("ignore:Limit for query logging"),
]

# A PDF that is not all zeros, so a decryption that returns the wrong bytes cannot pass.
ATTACHMENT = b"%PDF-1.4\n% drill\n" + bytes(range(256)) * 40


@pytest.fixture(autouse=True)
def _drill_settings(settings: Any, tmp_path: Path) -> None:
    # Light Argon2 parameters as in the whistleblowing tests; the media folder of this test.
    settings.WHISTLEBLOWING_KDF = {"receipt": (1, 64), "access": (1, 16384), "handler": (1, 32768)}
    settings.WHISTLEBLOWING_POW_BITS = 4
    settings.WHISTLEBLOWING_NOJS_WAIT = 60
    settings.MEDIA_ROOT = tmp_path / "media"


def _whistleblower_report() -> tuple[Any, str]:
    """A channel with an approved handler, and a report with an attachment sent through the
    reporter's form; returns the handler and the receipt."""
    handler = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Hanne Handler")
    handling.handler_key_create(actor=handler, passphrase=PASSPHRASE)
    channel = Channel.objects.create(slug="oevelse", name="Øvelse", retention_days=30)
    handlers_approved(channel, handler)
    _, receipt = submit(
        Client(), channel, attachments=[SimpleUploadedFile("bilag.pdf", ATTACHMENT)]
    )
    assert receipt
    return handler, receipt


def _signed_proposal() -> str:
    """A new proposal in Aarhus, published and signed, and the day's counts published as the
    daily job does (the demo's proposals have today's count already); returns the receipt."""
    aarhus = Municipality.objects.get(code="751")
    proposal = make_published(
        UserFactory(roles=[Role.CITIZEN]),
        UserFactory(roles=[Role.CASE_HANDLER], totp=True),
        aarhus,
        title="Drikkevand ved alle legepladser",
    )
    claims = {"sub": "drill-signer", "birthdate": "1980-05-01", "municipality_code": "751"}
    result = signature_add(
        proposal=proposal, identity=identity_from_claims(claims, issuer="http://issuer.test")
    )
    call_command("proposals_daily", stdout=io.StringIO())
    return result.receipt


def _proof(receipt: str) -> dict[str, Any]:
    response = Client().post(
        "/api/proposals/receipts/proof", {"receipt": receipt}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def _whistleblower_checks(handler: Any, receipt: str) -> None:
    """The reporter opens the inbox with the receipt, the handler unlocks the key with the
    passphrase, and both get the attachment back byte for byte."""
    reporter = Client()
    assert open_inbox(reporter, receipt).status_code == 302
    assert "hemmelig-markør-7731" in reporter.get("/whistleblower/indbakke/").content.decode()
    attachment = Attachment.objects.get(report=latest_report())
    download = reporter.get(f"/whistleblower/indbakke/fil/{attachment.public_id}/")
    assert download.content == ATTACHMENT
    staff = unlocked_client(handler)
    case = f"/whistleblower/behandling/sag/{latest_report().public_id}/"
    assert STORY[:40] in staff.get(case).content.decode()
    assert staff.get(f"{case}fil/{attachment.public_id}/").content == ATTACHMENT


def _knowledge_and_search() -> dict[str, Any]:
    """A published knowledge page as a visitor sees it, and what search answers."""
    page = published_publications().first()
    assert page is not None
    response = Client().get(page.url)
    assert response.status_code == 200
    word = max(page.title.split(), key=len)
    return {
        "page": (page.url, page.title in response.content.decode()),
        "search": [hit.document.url for hit in search_query(q=word).hits],
        "service": [hit.document.url for hit in search_query(q="borgerforslag").hits],
    }


def test_the_restore_drill_gives_back_everything_the_platform_had(tmp_path: Path) -> None:
    # given: the demo content and today's activity, committed
    with override_settings(DEBUG=True):  # seed_demo is for development only
        call_command("seed_demo", stdout=io.StringIO())
    handler, wb_receipt = _whistleblower_report()
    signer_receipt = _signed_proposal()
    audit_line = io.StringIO()
    call_command("audit_verify", verbosity=0, stdout=audit_line)
    proof = _proof(signer_receipt)
    roots = dict(Tally.objects.values_list("proposal__public_id", "merkle_root"))
    public = _knowledge_and_search()
    counts = row_counts()
    assert public["search"]

    # when: backed up, and restored into a new database and media folder
    backup = tmp_path / "backup"
    made = manage(
        "backup", str(backup), database_url=database_url_for_test(), media_root=tmp_path / "media"
    )
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in backup.iterdir()} == dict.fromkeys(
        ["manifest.json", "media.tar", DATABASE_FILES[connection.vendor]], 0o600
    )
    # The checks below must read the restored files, not these.
    (tmp_path / "media").rename(tmp_path / "media-original")
    restored_media = tmp_path / "restored-media"
    with empty_database(tmp_path) as restored:
        done = manage(
            "restore", str(backup), database_url=database_url(restored), media_root=restored_media
        )
        assert done.returncode == 0, done.stderr
        assert audit_line.getvalue().strip() in done.stdout

        # then: the restored copy answers as the original did
        with connected_to(restored), override_settings(MEDIA_ROOT=restored_media):
            assert row_counts() == counts
            again = io.StringIO()
            call_command("audit_verify", verbosity=0, stdout=again)
            assert again.getvalue() == audit_line.getvalue()
            assert dict(Tally.objects.values_list("proposal__public_id", "merkle_root")) == roots
            for tally in Tally.objects.all():
                assert merkle_root(tally.leaf_list()) == tally.merkle_root
            assert _proof(signer_receipt) == proof
            assert merkle_verify(
                proof["leaf"], proof["index"], proof["size"], proof["proof"], proof["merkle_root"]
            )
            _whistleblower_checks(handler, wb_receipt)
            assert _knowledge_and_search() == public


def test_rows_written_during_a_backup_leave_its_manifest_true(tmp_path: Path) -> None:
    """The counts and the audit head come from the snapshot the dump was made from: a writer
    that appends audit entries all through the backup does not make the restore fail."""
    before = AuditEntry.objects.count()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    audit_record(actor=None, action="test.backup.during", data={"n": written[0]})
                written[0] += 1
                time.sleep(0.01)  # pace, so the backup's processes get the CPU
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        backup = tmp_path / "backup"
        made = manage(
            "backup",
            str(backup),
            database_url=database_url_for_test(),
            media_root=tmp_path / "media",
        )
    finally:
        stop.set()
        thread.join()
    assert made.returncode == 0, made.stderr
    in_backup = json.loads((backup / "manifest.json").read_text())["audit"]["entries"]
    # Entries were written before the snapshot and after it.
    assert before < in_backup < before + written[0]
    with empty_database(tmp_path) as restored:
        done = manage(
            "restore",
            str(backup),
            database_url=database_url(restored),
            media_root=tmp_path / "restored-media",
        )
        assert done.returncode == 0, done.stderr
        with connected_to(restored):
            chain = audit_chain_state()
        assert (chain.entries, chain.broken) == (in_backup, None)
