"""The scans an organiser sent are in their data export; erasing them keeps the scans (the
event's attendance) and removes who sent them."""

import pytest

from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.events.checkin.models import Scan

from .test_sync import DEVICE_A, _client, _post, _scan

pytestmark = pytest.mark.django_db


def test_an_organisers_scans_are_exported_and_erased_to_no_one(organiser, event, registration):
    from socius.events.checkin.tickets import ticket_for

    client = _client(organiser, event)
    token = ticket_for(registration).token
    _post(client, event, {"device": DEVICE_A, "scans": [_scan(token), _scan("not a ticket")]})

    exported = personal_data_export(organiser)["event_checkin"]
    assert exported == {
        "scans_sent": [
            {"event": event.slug, "outcome": "checked_in", "scans": 1},
            {"event": event.slug, "outcome": "refused", "scans": 1},
        ]
    }

    personal_data_erase(organiser)
    assert Scan.objects.filter(event=event).count() == 2
    assert not Scan.objects.filter(synced_by=organiser).exists()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
