"""Attendance for the organiser, and as open data: counts per event, no names, small cells."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.events.followup import selectors
from socius.events.models import Event, Registration
from socius.tests_support.csv_rule import csv_rows_checked

from .conftest import event_make, registration_make

pytestmark = pytest.mark.django_db


def _crowd(event, *, confirmed, checked_in, cancelled=0):
    for n in range(confirmed):
        registration_make(event, name=f"Deltager {n}", checked_in=n < checked_in)
    for n in range(cancelled):
        registration_make(event, name=f"Afbud {n}", status=Registration.Status.CANCELLED)


def test_the_organiser_sees_the_counts(client, event, organiser_a):
    _crowd(event, confirmed=3, checked_in=2, cancelled=1)
    registration_make(event, name="Familie", party_size=3, checked_in=True)
    client.force_login(organiser_a)
    attendance = selectors.attendance_for(event)
    assert (attendance.registered, attendance.confirmed, attendance.checked_in) == (7, 6, 5)
    page = client.get(reverse("event_followup:manage", args=[event.slug]))
    assert "Deltager" not in page.text


def test_open_data_has_counts_without_names_and_hides_small_cells(client, organisation):
    big = event_make(slug="stort", organisation=organisation)
    _crowd(big, confirmed=20, checked_in=12, cancelled=6)
    small = event_make(slug="lille", organisation=organisation)
    _crowd(small, confirmed=3, checked_in=3)
    near = event_make(slug="naesten-alle", organisation=organisation)
    _crowd(near, confirmed=10, checked_in=8)  # 2 did not come: a group under 5
    event_make(slug="kladde", organisation=organisation, status=Event.Status.DRAFT)

    data = client.get("/api/events/attendance").json()
    rows = {r["event"]: r for r in data["items"]}
    assert set(rows) == {"stort", "lille", "naesten-alle"}
    assert rows["stort"]["confirmed"] == {"value": 20, "status": "value"}
    assert rows["stort"]["checked_in"] == {"value": 12, "status": "value"}
    assert rows["stort"]["registered"] == {"value": 26, "status": "value"}
    assert rows["lille"]["checked_in"] == {"value": None, "status": "fewer_than_5"}
    assert rows["naesten-alle"]["checked_in"] == {"value": None, "status": "complement"}
    assert rows["naesten-alle"]["confirmed"]["value"] == 10

    response = client.get("/api/events/attendance.csv")
    assert response.status_code == 200
    rows_csv = csv_rows_checked(response)
    text = response.content.decode("utf-8-sig")
    for forbidden in ["Deltager", "Afbud", "@example.dk"]:
        assert forbidden not in text
        assert forbidden not in str(data)
    assert len(rows_csv) == 4  # header and three events


def test_the_open_data_list_costs_the_same_queries_for_more_events(client, organisation):
    for n in range(3):
        _crowd(event_make(slug=f"a{n}", organisation=organisation), confirmed=6, checked_in=5)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/events/attendance")
        client.get("/api/events/attendance.csv")
    for n in range(10):
        _crowd(event_make(slug=f"b{n}", organisation=organisation), confirmed=6, checked_in=5)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/events/attendance").json()["items"]) == 13
        client.get("/api/events/attendance.csv")
    assert len(many) == len(few)


def test_the_organisers_page_costs_the_same_queries_with_more_materials(client, event, organiser_a):
    from socius.events.followup import services

    client.force_login(organiser_a)
    url = reverse("event_followup:manage", args=[event.slug])
    services.material_link_add(actor=organiser_a, event=event, title="V0", url="https://a.dk/0")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 8):
        services.material_link_add(
            actor=organiser_a, event=event, title=f"V{n}", url=f"https://a.dk/{n}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
