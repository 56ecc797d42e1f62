"""Mail to handlers goes through core.mail: an absolute link, no case content, no unsubscribe."""

from __future__ import annotations

import pytest

from socius.core.models import Notification
from socius.whistleblowing.tests.conftest import STORY, latest_report, submit

pytestmark = pytest.mark.django_db


def test_handlers_get_an_absolute_link_and_nothing_from_the_case(
    client, channel, handler, handler2, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://socius.example.dk"
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, channel, who="Hemmelig Person")
    report = latest_report()
    case_url = f"https://socius.example.dk/whistleblower/behandling/sag/{report.public_id}/"
    assert {m["To"] for m in mailbox.messages} == {handler.email, handler2.email}
    for message in mailbox.messages:
        body = mailbox.body_of(message)
        assert case_url in body
        assert " /whistleblower/" not in body  # the old relative link
        assert STORY[:30] not in body + message["Subject"]
        assert "Hemmelig Person" not in body + message["Subject"]
        # statutory deadlines: always sent, so no unsubscribe
        assert message["List-Unsubscribe"] is None
    listed = Notification.objects.filter(recipient=handler, kind="whistleblowing.activity").get()
    assert listed.link == f"/whistleblower/behandling/sag/{report.public_id}/"
    assert STORY[:30] not in listed.title
