"""Key escrow (off by default, audited when on) and the demo content."""

import base64

import pytest
from django.test import Client

from socius.core.models import AuditEntry
from socius.whistleblowing import crypto
from socius.whistleblowing.demo import demo_seed
from socius.whistleblowing.models import Channel, Report, ReportKeyGrant
from socius.whistleblowing.tests.conftest import latest_report, open_inbox, submit

pytestmark = pytest.mark.django_db


def test_escrow_is_off_by_default(client, channel):
    submit(client, channel)
    assert not ReportKeyGrant.objects.filter(is_escrow=True).exists()
    assert "nøgledeponering" not in client.get("/whistleblower/").content.decode()


def test_escrow_when_switched_on_seals_the_key_and_is_audited(client, channel, settings):
    escrow = crypto.keypair_generate()
    settings.WHISTLEBLOWING_ESCROW_PUBLIC_KEY = base64.b64encode(escrow.public).decode()
    assert "nøgledeponering" in client.get("/whistleblower/").content.decode()
    submit(client, channel)
    report = latest_report()
    grant = ReportKeyGrant.objects.get(report=report, is_escrow=True)
    report_private = crypto.unseal(escrow.private, bytes(grant.sealed_private_key))
    assert "hemmelig-markør-7731" in crypto.unseal_text(
        report_private, bytes(report.sealed_content)
    )
    assert AuditEntry.objects.filter(
        action="whistle.escrow.grant", target_id=str(report.pk)
    ).exists()


def test_the_demo_is_idempotent_and_its_receipt_opens_the_inbox(db, settings):
    from socius.core.demo import demo_seed as core_seed

    core_seed()
    lines = demo_seed()
    assert demo_seed() == []
    assert Channel.objects.filter(slug="medarbejdere").exists()
    assert Report.objects.count() == 1
    receipt = next(line for line in lines if "receipt" in line).split(":")[-1].strip()
    response = open_inbox(Client(), receipt)
    assert response.status_code == 302
