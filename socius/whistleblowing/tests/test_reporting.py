"""The reporter's side through the pages: submit, receipt, inbox, messages, files, identity."""

import datetime

import pytest
from django.core import mail  # noqa: F401
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from socius.whistleblowing.models import Attachment, Message, Report, ReportKeyGrant
from socius.whistleblowing.tests.conftest import latest_report, open_inbox, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% demo\n" + b"0" * 100


def test_the_information_page_explains_procedure_identity_and_external_channel(client, channel):
    response = client.get("/whistleblower/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "whistleblower.dk" in body
    assert "Datatilsynet" in body
    assert channel.name in body
    assert response.headers["Cache-Control"].startswith("no-store")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert client.get("/whistleblower/privatliv/").status_code == 200


def test_a_report_gives_a_receipt_once_and_grants_both_handlers(
    client, channel, handler, handler2, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, receipt = submit(
            client, channel, attachments=[SimpleUploadedFile("bilag.pdf", PDF)]
        )
    assert response.status_code == 200
    assert len(receipt.replace(" ", "")) == 25
    report = latest_report()
    assert set(ReportKeyGrant.objects.filter(report=report).values_list("user", flat=True)) == {
        handler.pk,
        handler2.pk,
    }
    assert report.attachments.count() == 1
    assert receipt.replace(" ", "") not in str(Report.objects.values().get())
    # The handlers are told, without any content.
    bodies = [mailbox.body_of(m) + m["Subject"] for m in mailbox.messages]
    assert len(bodies) == 2
    assert all("hemmelig-markør" not in b and "faktura" not in b.lower() for b in bodies)


def test_the_receipt_opens_the_inbox_and_messages_go_both_ways(client, channel, handler):
    _, receipt = submit(client, channel)
    response = open_inbox(client, receipt)
    assert response.status_code == 302
    cookie = response.cookies["wb_inbox"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/whistleblower/"
    page = client.get("/whistleblower/indbakke/").content.decode()
    assert "hemmelig-markør-7731" in page
    client.post("/whistleblower/indbakke/besked/", {"body": "Jeg har flere beviser."})
    report = latest_report()
    assert report.messages.get().author == Message.Author.REPORTER
    client.post("/whistleblower/indbakke/log-ud/", {})
    assert "hemmelig-markør-7731" not in client.get("/whistleblower/indbakke/").content.decode()


def test_receipts_typed_with_spaces_dashes_or_full_width_digits_work(client, channel):
    _, receipt = submit(client, channel)
    digits = receipt.replace(" ", "")
    full_width = "".join(chr(0xFF10 + int(d)) for d in digits)
    assert open_inbox(Client(), "-".join([digits[:5], digits[5:]])).status_code == 302
    assert open_inbox(Client(), full_width).status_code == 302


def test_identity_given_later_is_sealed_apart(client, channel):
    _, receipt = submit(client, channel)
    open_inbox(client, receipt)
    client.post("/whistleblower/indbakke/identitet/", {"identity": "Jens Jensen, 12345678"})
    report = latest_report()
    assert report.sealed_identity
    assert b"Jens" not in bytes(report.sealed_identity)


def test_reporter_adds_a_file_and_downloads_it_as_an_attachment(client, channel):
    _, receipt = submit(client, channel)
    open_inbox(client, receipt)
    client.post(
        "/whistleblower/indbakke/filer/",
        {"attachments": [SimpleUploadedFile("scan.pdf", PDF)]},
    )
    attachment = Attachment.objects.get()
    response = client.get(f"/whistleblower/indbakke/fil/{attachment.public_id}/")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_excluding_a_handler_removes_their_key_copy(client, channel, handler, handler2):
    _, receipt = submit(client, channel)
    open_inbox(client, receipt)
    client.post("/whistleblower/indbakke/udeluk/", {"handler": handler2.pk})
    report = latest_report()
    assert list(report.grants.values_list("user", flat=True)) == [handler.pk]
    # The last handler cannot be excluded.
    page = client.post("/whistleblower/indbakke/udeluk/", {"handler": handler.pk})
    assert report.grants.count() == 1
    assert page.status_code == 200


def test_exclusion_at_submission(client, channel, handler, handler2):
    submit(client, channel, exclude=[str(handler2.pk)])
    assert list(latest_report().grants.values_list("user", flat=True)) == [handler.pk]


def test_access_lapses_after_inactivity_with_the_same_answer(client, channel):
    _, receipt = submit(client, channel)
    report = latest_report()
    report.reporter_active_at = timezone.now() - datetime.timedelta(
        days=channel.reporter_access_days + 1
    )
    report.save()
    expired = open_inbox(Client(), receipt)
    unknown = open_inbox(Client(), "1" * 25)
    assert expired.status_code == unknown.status_code == 200

    def alert(response):
        return response.content.decode().split('class="alert-text">')[1].split("<")[0]

    assert alert(expired) == alert(unknown)
    assert "wb_inbox" not in expired.cookies


def test_oral_report_minutes_are_approved_by_the_reporter(client, channel, handler):
    from socius.whistleblowing.services import handling

    _, receipt = submit(
        client, channel, kind="oral", contact_wish="Ring tirsdag", recording_consent="on"
    )
    report = latest_report()
    assert report.kind == "oral"
    assert report.recording_consent
    minutes = handling.handler_message(
        actor=handler, report=report, body="Referat af mødet", kind=Message.Kind.MINUTES
    )
    open_inbox(client, receipt)
    assert "Referat af mødet" in client.get("/whistleblower/indbakke/").content.decode()
    client.post(
        "/whistleblower/indbakke/referat/",
        {"minutes": str(minutes.public_id), "approve": "on"},
    )
    minutes.refresh_from_db()
    assert minutes.approved_at is not None


def test_internal_notes_are_not_shown_to_the_reporter(client, channel, handler):
    from socius.whistleblowing.services import handling

    _, receipt = submit(client, channel)
    handling.handler_message(
        actor=handler, report=latest_report(), body="Intern note XYZ", kind=Message.Kind.INTERNAL
    )
    open_inbox(client, receipt)
    assert "Intern note XYZ" not in client.get("/whistleblower/indbakke/").content.decode()


def test_a_report_needs_what_happened_and_keeps_the_text_on_error(client, channel):
    response, receipt = submit(client, channel, what="", where="Rådhuset")
    assert receipt == ""
    assert "Rådhuset" in response.content.decode()
    assert Report.objects.count() == 0
