"""Slides (PDF only, size-limited, content checked) and recordings' links (https only)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.events.followup import services
from socius.events.followup.models import Material

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _upload(client, event, name, data, title="Oplæg"):
    return client.post(
        reverse("event_followup:slides-add", args=[event.slug]),
        {"slides-title": title, "slides-file": SimpleUploadedFile(name, data)},
    )


def test_an_organiser_adds_slides_shown_on_the_event_and_downloaded_as_attachment(
    client, event, organiser_a
):
    client.force_login(organiser_a)
    response = _upload(client, event, "oplæg.pdf", PDF)
    assert response.status_code == 302
    material = Material.objects.get(event=event)
    assert material.file.name.endswith(".pdf")
    assert "oplæg" not in material.file.name
    assert AuditEntry.objects.filter(action="event_followup.material_add").exists()
    client.logout()
    # Visitors find the slides on the event's page (the crawl test does not reach past events).
    page = client.get(event.get_absolute_url()).content.decode()
    link = reverse("event_followup:material-download", args=[event.slug, material.pk])
    assert f'href="{link}"' in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 100, "Only PDF files"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 100, "is not a PDF"),
        ("side.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF"),
        ("billede.svg", b"<svg onload='alert(1)'/>", "Only PDF files"),
        ("tom.pdf", b"", "empty"),
        (
            "aktiv.pdf",
            PDF + b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
            "scripts",
        ),
        ("skjult.pdf", PDF + b"<< /S /#4A#61vaScript >>", "scripts"),
    ],
)
def test_hostile_uploads_are_refused_with_a_clear_message(
    client, event, organiser_a, name, data, message
):
    client.force_login(organiser_a)
    response = _upload(client, event, name, data)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Oplæg"' in response.text  # what was typed is kept
    assert not Material.objects.exists()


def test_a_file_over_the_limit_is_refused(client, event, organiser_a, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024 + 1)
    # The request is refused before it is read (core's RequestSizeLimitMiddleware) ...
    client.force_login(organiser_a)
    assert _upload(client, event, "stor.pdf", big).status_code == 413
    # ... and the service refuses the file itself, whatever reaches it.
    with pytest.raises(ValidationError, match="MB"):
        services.material_slides_add(
            actor=organiser_a, event=event, title="Stor", upload=SimpleUploadedFile("s.pdf", big)
        )
    assert not Material.objects.exists()


def test_a_recording_link_must_be_https(client, event, organiser_a):
    client.force_login(organiser_a)
    url = reverse("event_followup:recording-add", args=[event.slug])
    for bad in ["http://example.dk/video", "javascript:alert(1)", "ftp://x"]:
        response = client.post(url, {"recording-title": "Video", "recording-url": bad})
        assert response.status_code == 400
        assert "https://" in response.text
    assert not Material.objects.exists()
    response = client.post(
        url, {"recording-title": "Video", "recording-url": "https://video.example.dk/1"}
    )
    assert response.status_code == 302
    assert Material.objects.get().url == "https://video.example.dk/1"


def test_over_long_and_hostile_titles(client, event, organiser_a):
    client.force_login(organiser_a)
    url = reverse("event_followup:recording-add", args=[event.slug])
    response = client.post(url, {"recording-title": "x" * 201, "recording-url": "https://a.dk"})
    assert response.status_code == 400
    client.post(
        url, {"recording-title": "<script>alert(1)</script>", "recording-url": "https://a.dk"}
    )
    page = client.get(reverse("event_followup:manage", args=[event.slug]))
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_removing_slides_deletes_the_file(
    client, event, organiser_a, django_capture_on_commit_callbacks
):
    client.force_login(organiser_a)
    _upload(client, event, "a.pdf", PDF)
    material = Material.objects.get()
    path = material.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("event_followup:material-remove", args=[event.slug, material.pk])
        )
    assert response.status_code == 302
    assert not Material.objects.exists()
    import os

    assert not os.path.exists(path)
