"""Legal grounds and hold reasons written before they were sealed are sealed by migration 0007."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from socius.whistleblowing import crypto

BEFORE = [("whistleblowing", "0006_sealed_legal_ground_and_hold_reason")]
AFTER = [("whistleblowing", "0008_drop_plaintext_legal_ground_and_hold_reason")]


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plaintext_rows_are_sealed_to_the_report_and_pending_custodians():
    # given rows as they were: plaintext in the database
    apps = _migrate(BEFORE)
    user_model = apps.get_model("accounts", "User")
    requester = user_model.objects.create(email="behandler@kommune.example")
    custodian = user_model.objects.create(email="kustode@kommune.example")
    apps.get_model("core", "RoleAssignment").objects.create(user=custodian, role="administrator")
    custodian_pair = crypto.keypair_generate()
    apps.get_model("whistleblowing", "HandlerKey").objects.create(
        user=custodian,
        public_key=custodian_pair.public,
        salt=b"s" * 16,
        kdf_ops=1,
        kdf_mem=8192,
        private_under_passphrase=b"x",
        private_under_recovery=b"x",
    )
    channel = apps.get_model("whistleblowing", "Channel").objects.create(slug="k", name="K")
    pair = crypto.keypair_generate()
    today = timezone.localdate()
    report = apps.get_model("whistleblowing", "Report").objects.create(
        channel=channel,
        public_key=pair.public,
        receipt_hash="0" * 64,
        access_salt=b"s",
        private_under_receipt=b"x",
        sealed_content=b"x",
        received_on=today,
        reporter_active_at=timezone.now(),
        delete_after=today + datetime.timedelta(days=1),
        legal_hold_reason="Retssag mod Ole Olsen",
    )
    apps.get_model("whistleblowing", "IdentityRequest").objects.create(
        report=report, requested_by=requester, legal_ground="Ole Olsen er sigtet for bedrageri"
    )
    # when
    apps = _migrate(AFTER)
    # then no plaintext is left, and the keys that should read it do
    report = apps.get_model("whistleblowing", "Report").objects.get()
    request = apps.get_model("whistleblowing", "IdentityRequest").objects.get()
    assert report.legal_hold
    assert crypto.unseal_text(pair.private, report.sealed_hold_reason) == "Retssag mod Ole Olsen"
    ground = "Ole Olsen er sigtet for bedrageri"
    assert crypto.unseal_text(pair.private, request.sealed_legal_ground) == ground
    assert ground in crypto.unseal_text(pair.private, request.sealed_notice)
    copy = base64.b64decode(request.custodian_copies[str(custodian.pk)])
    assert crypto.unseal_text(custodian_pair.private, copy) == ground
    assert str(requester.pk) not in request.custodian_copies
    with connection.cursor() as cursor:
        for table in ("whistleblowing_report", "whistleblowing_identityrequest"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            assert "Ole Olsen" not in repr(cursor.fetchall())
    # and back: the plaintext is gone for good, but a held case stays held
    apps = _migrate(BEFORE)
    report = apps.get_model("whistleblowing", "Report").objects.get()
    assert report.legal_hold_reason == "(sealed)"
    _migrate(AFTER)
