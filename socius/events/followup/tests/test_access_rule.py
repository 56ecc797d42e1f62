"""Organisers' pages answer 404 to everyone else (the event may be a draft they may not know
of); anonymous visitors are sent to log in; the survey's results likewise."""

import pytest
from django.urls import reverse

from socius.events.followup import services
from socius.events.models import Event

from .conftest import PDF, event_make

pytestmark = pytest.mark.django_db

ORGANISER_GET = [
    "event_followup:manage",
    "event_followup:minutes-edit",
    "event_followup:survey-results",
]
ORGANISER_POST = [
    "event_followup:slides-add",
    "event_followup:recording-add",
    "event_followup:minutes-edit",
    "event_followup:minutes-lix",
    "event_followup:minutes-approve",
]


@pytest.mark.parametrize("name", ORGANISER_GET)
def test_organiser_pages_open_for_an_organiser(client, event, organiser_a, name):
    client.force_login(organiser_a)
    assert client.get(reverse(name, args=[event.slug])).status_code == 200


@pytest.mark.parametrize("name", ORGANISER_GET)
def test_an_outsider_gets_404_as_for_a_missing_event(client, event, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[event.slug])).status_code == 404
    assert client.get(reverse(name, args=["findes-ikke"])).status_code == 404


@pytest.mark.parametrize("name", ORGANISER_POST)
def test_an_outsider_cannot_post(client, event, outsider, name):
    client.force_login(outsider)
    assert client.post(reverse(name, args=[event.slug]), {"summary": "x"}).status_code == 404


@pytest.mark.parametrize("name", ORGANISER_GET)
def test_anonymous_visitors_are_asked_to_log_in(client, event, name):
    response = client.get(reverse(name, args=[event.slug]))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_an_editor_organises_the_think_tanks_events(client, editor):
    event = event_make(slug="konference")
    client.force_login(editor)
    assert client.get(reverse("event_followup:manage", args=[event.slug])).status_code == 200


def test_removing_another_events_material_is_404(
    client, event, organiser_a, organisation, outsider
):
    other = event_make(slug="andet", organisation=None)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socius.core.roles import Role
    from socius.tests_support.factories import UserFactory

    editor = UserFactory(roles=[Role.EDITOR])
    material = services.material_slides_add(
        actor=editor, event=other, title="Slides", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(organiser_a)
    url = reverse("event_followup:material-remove", args=[event.slug, material.pk])
    assert client.post(url).status_code == 404
    url = reverse("event_followup:material-remove", args=[other.slug, material.pk])
    assert client.post(url).status_code == 404


def test_slides_of_a_draft_or_future_event_are_404_to_the_public(client, organisation, organiser_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = event_make(slug="kladde", organisation=organisation, status=Event.Status.DRAFT)
    import datetime

    future = event_make(
        slug="senere", organisation=organisation, starts_in=datetime.timedelta(days=5)
    )
    for e in (draft, future):
        m = services.material_slides_add(
            actor=organiser_a, event=e, title="Slides", upload=SimpleUploadedFile("a.pdf", PDF)
        )
        url = reverse("event_followup:material-download", args=[e.slug, m.pk])
        assert client.get(url).status_code == 404
        client.force_login(organiser_a)
        assert client.get(url).status_code == 200
        client.logout()
