"""The door page without scripts, renewing tickets, the event block and attendance counts."""

import uuid

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.roles import Role
from socius.events.checkin.models import Scan
from socius.events.checkin.selectors import attendance_for
from socius.events.checkin.tests.support import registration_make
from socius.events.checkin.tickets import ticket_for
from socius.events.models import Registration
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(event, name="checkin-page"):
    return reverse(f"event_checkin:{name}", args=[event.slug])


def test_the_organiser_sees_the_page(client, organiser, event, registration):
    client.force_login(organiser)

    page = client.get(_url(event))

    assert page.status_code == 200
    assert "Indtjekning" in page.text
    assert 'id="checkin-list"' in page.text
    assert "Jensen" not in page.text


def test_an_editor_manages_every_event(client, event):
    client.force_login(UserFactory(roles=[Role.EDITOR], totp=True))

    assert client.get(_url(event)).status_code == 200


@pytest.mark.parametrize("name", ["checkin-page", "service-worker"])
def test_outsiders_get_404(client, outsider, event, name):
    client.force_login(outsider)

    assert client.get(_url(event, name)).status_code == 404


def test_an_unknown_event_is_404(client, organiser):
    client.force_login(organiser)

    assert (
        client.get(reverse("event_checkin:checkin-page", args=["findes-ikke"])).status_code == 404
    )


def test_visitors_are_sent_to_log_in(client, event):
    assert client.get(_url(event)).status_code == 302


def test_a_renew_by_an_outsider_is_404(client, outsider, event):
    client.force_login(outsider)

    assert client.post(_url(event, "tickets-renew"), {"confirm": "on"}).status_code == 404


def test_without_scripts_a_typed_code_checks_in_once(client, organiser, event, registration):
    client.force_login(organiser)
    form = {"code": ticket_for(registration).short_code, "nonce": str(uuid.uuid4())}

    first = client.post(_url(event), form, follow=True)
    again = client.post(_url(event), form, follow=True)  # the same form sent twice
    later = client.post(_url(event), {**form, "nonce": str(uuid.uuid4())}, follow=True)

    assert "Tjekket ind: Anna, 2 personer." in first.text
    assert "Tjekket ind: Anna" in again.text
    assert "Allerede tjekket ind" in later.text
    assert Scan.objects.count() == 2


def test_without_scripts_a_too_long_code_keeps_the_form(client, organiser, event):
    client.force_login(organiser)

    page = client.post(_url(event), {"code": "<b>" + "x" * 400, "nonce": str(uuid.uuid4())})

    assert page.status_code == 400
    assert "for lang" in page.text
    assert "<b>xxx" not in page.text


def test_without_scripts_a_forged_code_is_refused(client, organiser, event, registration):
    client.force_login(organiser)

    page = client.post(
        _url(event), {"code": "AAAAA-AAAAA", "nonce": str(uuid.uuid4())}, follow=True
    )

    assert "Afvist." in page.text
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_renewing_needs_the_box_ticked(client, organiser, event, registration):
    client.force_login(organiser)
    old = ticket_for(registration).token

    client.post(_url(event, "tickets-renew"), {})
    assert ticket_for(registration).token == old
    page = client.post(_url(event, "tickets-renew"), {"confirm": "on"}, follow=True)

    assert ticket_for(registration).token != old
    assert "Billetterne er fornyet" in page.text


def test_the_page_shows_conflicts_in_a_fixed_number_of_queries(client, organiser, event):
    from socius.events.checkin.payload import ScanIn
    from socius.events.checkin.services import scans_sync

    client.force_login(organiser)

    def conflicts(n):
        for _ in range(n):
            token = ticket_for(registration_make(event, name="Dorte Lund")).token
            for device in ("device-aaaaaaaa", "device-bbbbbbbb"):
                scans_sync(
                    actor=organiser,
                    event=event,
                    device=device,
                    scans=[ScanIn(uuid.uuid4(), token, "", 0)],
                )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(_url(event))
        return page, len(queries)

    page, few = conflicts(1)
    page, many = conflicts(4)

    assert page.text.count("scannet igen") == 5
    assert many == few


def test_the_event_block_links_organisers_only(event):
    shown = render_to_string("event_checkin/event_block.html", {"event": event, "can_manage": True})
    hidden = render_to_string(
        "event_checkin/event_block.html", {"event": event, "can_manage": False}
    )

    assert _url(event) in shown
    assert "Tjek deltagere ind" in shown
    assert hidden.strip() == ""


def test_attendance_counts_people_and_registrations(organiser, event):
    from django.utils import timezone

    came = registration_make(event, party_size=3)
    registration_make(event, party_size=2)
    registration_make(event, party_size=4, status=Registration.Status.WAITING)
    Registration.objects.filter(pk=came.pk).update(checked_in_at=timezone.now())

    counts = attendance_for(event)

    assert (counts.registrations, counts.people) == (1, 3)
    assert (counts.confirmed_registrations, counts.confirmed_people) == (2, 5)


def test_the_service_worker_is_served_from_the_page_address(client, organiser, event):
    client.force_login(organiser)

    answer = client.get(_url(event, "service-worker"))

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/javascript")
    assert b"caches" in answer.content
