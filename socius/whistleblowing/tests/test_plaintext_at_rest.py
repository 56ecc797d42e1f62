"""After real use, a database dump, the media folder and the logs hold no plaintext."""

import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    database_text,
    latest_report,
    open_inbox,
    submit,
    unlocked_client,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "hemmelig-markør-7731",
    "Jens-Identitet-4410",
    "Svar-fra-indberetter-5521",
    "Spørgsmål-fra-behandler-6632",
    "Fil-indhold-8843",
    "filnavn-9954",
    "Referat-1065",
    "uden udbud (hemmelig-mark",  # ASCII part of the report text, however it is encoded
    "Retsgrundlag-2176",
    "Bevaring-3287",
]


def test_nothing_readable_is_left_in_the_database_media_or_logs(
    channel, handler, custodian, settings
):
    stream = io.StringIO()
    console = next(h for h in logging.getLogger().handlers if getattr(h, "filters", None))
    old = console.setStream(stream)
    try:
        reporter = Client()
        _, receipt = submit(
            reporter,
            channel,
            identity="Jens-Identitet-4410",
            attachments=[SimpleUploadedFile("filnavn-9954.txt", b"Fil-indhold-8843 " * 100)],
        )
        open_inbox(reporter, receipt)
        reporter.post("/whistleblower/indbakke/besked/", {"body": "Svar-fra-indberetter-5521"})
        report = latest_report()
        client = unlocked_client(handler)
        url = f"/whistleblower/behandling/sag/{report.public_id}/"
        client.post(
            url + "status/",
            {
                "transition": "acknowledge",
                "message": "Spørgsmål-fra-behandler-6632",
            },
        )
        client.post(url + "besked/", {"kind": "minutes", "body": "Referat-1065"})
        client.post(url + "bevaring/", {"reason": "Bevaring-3287"})
        handling.handler_key_create(actor=custodian, passphrase=PASSPHRASE)
        client.post(url + "identitet/", {"legal_ground": "Retsgrundlag-2176"})
        # The plaintext was really there to be found: the handler reads it, and the custodian
        # reads the legal ground.
        page = client.get(url).content.decode()
        assert all(
            s in page
            for s in SECRETS
            if s not in {"Fil-indhold-8843", "Jens-Identitet-4410", "Retsgrundlag-2176"}
        )
        custodian_page = unlocked_client(custodian).get("/whistleblower/behandling/identitet/")
        assert "Retsgrundlag-2176" in custodian_page.content.decode()
    finally:
        console.setStream(old)
    dump = database_text()
    media = b"".join(p.read_bytes() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    logs = stream.getvalue()
    digits = receipt.replace(" ", "")
    for secret in [*SECRETS, digits]:
        assert secret not in dump, secret
        assert secret.encode() not in media, secret
        assert secret not in logs, secret
    assert len(media) > 1000  # the encrypted file is there
