"""The report form shows only the fields of the chosen kind, one error summary and the
re-attach hint only when files were chosen; the inbox shows the 7-day and 3-month dates."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socius.core.calendar import add_months
from socius.core.dates import date_text
from socius.whistleblowing.tests.conftest import open_inbox, submit

pytestmark = pytest.mark.django_db

REATTACH = "Vælg dine filer igen, før du sender indberetningen."


def test_the_oral_fields_sit_apart_and_a_written_report_is_chosen(client, channel):
    page = client.get(f"/whistleblower/indberet/{channel.slug}/").content.decode()
    oral = page.split('class="wb-oral-only"', 1)[1].split('name="what"', 1)[0]
    assert 'name="contact_wish"' in oral
    assert 'name="recording_consent"' in oral
    assert page.count('name="contact_wish"') == 1
    assert 'value="written" class="form-radio" id="id_kind_0" required checked' in page


def test_errors_show_one_summary_linked_to_the_field_and_no_re_attach_hint(client, channel):
    response, receipt = submit(client, channel, what="")
    page = response.content.decode()
    assert receipt == ""
    assert page.count('role="alert"') == 1
    assert 'href="#id_what"' in page
    assert REATTACH not in page
    assert "Vedhæft filerne igen" not in page


def test_the_re_attach_hint_appears_when_files_were_chosen(client, channel):
    upload = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4\n" + b"0" * 100)
    response, _receipt = submit(client, channel, what="", attachments=[upload])
    page = response.content.decode()
    assert page.count('role="alert"') == 1
    assert page.count(REATTACH) == 1


def test_a_written_report_does_not_keep_a_meeting_wish(client, channel):
    _response, receipt = submit(client, channel, contact_wish="Ring efter kl. 16 (skjult-7)")
    open_inbox(client, receipt)
    assert "skjult-7" not in client.get("/whistleblower/indbakke/").content.decode()


def test_an_oral_report_keeps_its_meeting_wish(client, channel):
    _response, receipt = submit(client, channel, kind="oral", contact_wish="Ring efter kl. 16")
    open_inbox(client, receipt)
    assert "Ring efter kl. 16" in client.get("/whistleblower/indbakke/").content.decode()


def test_the_inbox_shows_the_dates_the_law_promises(client, channel):
    _response, receipt = submit(client, channel)
    open_inbox(client, receipt)
    page = client.get("/whistleblower/indbakke/").content.decode()
    acknowledge_by = timezone.localdate() + datetime.timedelta(days=7)
    ack = page.split('id="case-acknowledge">', 1)[1].split("</dd>", 1)[0]
    feedback = page.split('id="case-feedback">', 1)[1].split("</dd>", 1)[0]
    assert date_text(acknowledge_by) in ack
    assert date_text(add_months(acknowledge_by, 3)) in feedback
