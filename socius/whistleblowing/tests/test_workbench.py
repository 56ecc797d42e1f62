"""Whistleblower cases on the staff workbench: dates and counts for the channel's handlers
only, never what a report says."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.whistleblowing.models import Report
from socius.whistleblowing.tests.conftest import STORY, latest_report, submit

pytestmark = pytest.mark.django_db


def test_handlers_see_the_7_day_and_3_month_dates_and_nothing_else(client, channel, handler):
    submit(Client(), channel)
    report = latest_report()
    Report.objects.filter(pk=report.pk).update(received_on=datetime.date(2020, 3, 2))
    client.force_login(handler)
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-whistleblowing"') :]
    assert "Sag i Medarbejdere" in section
    assert "Kvittering for modtagelse skal gives (7 dage)" in section
    assert "9. marts 2020" in section  # received 2 March: acknowledge by 9 March
    assert "Over fristen" in section
    assert f'href="/whistleblower/behandling/sag/{report.public_id}/"' in section
    assert "hemmelig-markør-7731" not in html
    assert STORY[:20] not in html


def test_the_feedback_date_follows_the_acknowledgement(client, channel, handler):
    submit(Client(), channel)
    report = latest_report()
    Report.objects.filter(pk=report.pk).update(
        received_on=datetime.date(2026, 1, 5),
        acknowledged_on=datetime.date(2026, 1, 7),
        state="acknowledged",
    )
    client.force_login(handler)
    html = client.get("/arbejde/").content.decode()
    assert "Tilbagemelding skal gives (3 måneder)" in html
    assert "7. april 2026" in html


def test_other_staff_and_other_channels_handlers_get_no_case_dates(client, channel, other_channel):
    submit(Client(), channel)
    other_handler = other_channel.handlers.get()
    for person in (
        other_handler,
        UserFactory(roles=[Role.ADVISOR], totp=True),
        UserFactory(roles=[Role.ADMINISTRATOR], totp=True),
        # A case handler not named on any channel has no whistleblower queue at all.
        UserFactory(roles=[Role.CASE_HANDLER], totp=True),
    ):
        client.force_login(person)
        html = client.get("/arbejde/").content.decode()
        assert "Sag i Medarbejdere" not in html
    client.force_login(UserFactory(roles=[Role.CASE_HANDLER], totp=True))
    assert 'id="queue-whistleblowing"' not in client.get("/arbejde/").content.decode()


def test_a_handler_excluded_from_a_case_does_not_see_it(client, channel, handler, handler2):
    submit(Client(), channel)
    latest_report().excluded_handlers.add(handler2)
    client.force_login(handler2)
    html = client.get("/arbejde/").content.decode()
    assert "Sag i Medarbejdere" not in html
    client.force_login(handler)
    assert "Sag i Medarbejdere" in client.get("/arbejde/").content.decode()
