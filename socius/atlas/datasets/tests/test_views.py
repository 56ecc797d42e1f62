"""The dataset pages through the test client: the researcher's journey, the public pages and
downloads, withdrawal, and the list's query count."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from socius.atlas.datasets import services
from socius.atlas.datasets.models import Dataset, DatasetState
from socius.atlas.datasets.tests.conftest import (
    GOOD_CSV,
    SMALL_CELL_CSV,
    csv_upload,
    make_dataset,
    publish,
)
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def test_a_researcher_creates_uploads_checks_and_publishes(client, researcher, theme):
    client.force_login(researcher)
    response = client.post(
        reverse("datasets:dataset-create"),
        {
            "title": "Ensomhed i fire kommuner",
            "description": "Andelen af ensomme voksne.",
            "theme": theme.pk,
            "licence": "CC-BY-4.0",
            "provenance": "Sundhedsprofilen 2025.",
            "contributors": "",
            "doi": "10.5281/zenodo.1234567",
        },
    )
    dataset = Dataset.objects.get()
    assert response.url == reverse("datasets:version-upload", args=[dataset.slug])
    response = client.post(
        response.url, {"changelog": "Første version.", "uploads": [csv_upload(GOOD_CSV)]}
    )
    assert response.url == reverse("datasets:version-review", args=[dataset.slug, 1])
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"antal_personer" in page.content
    response = client.post(reverse("datasets:version-publish", args=[dataset.slug, 1]))
    assert response.url == dataset.get_absolute_url()
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.PUBLISHED
    client.logout()
    page = client.get(dataset.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "https://doi.org/10.5281/zenodo.1234567" in content
    assert "@misc{" in content
    assert "cff-version: 1.2.0" in content
    assert "https://creativecommons.org/licenses/by/4.0/" in content


def test_a_small_cell_upload_shows_the_cells_and_stores_nothing(client, researcher, theme):
    dataset = make_dataset(researcher, theme)
    client.force_login(researcher)
    response = client.post(
        reverse("datasets:version-upload", args=[dataset.slug]),
        {"changelog": "Første version.", "uploads": [csv_upload(SMALL_CELL_CSV, "tal.csv")]},
    )
    assert response.status_code == 200
    assert "tal.csv, row 3, column “antal”: fewer than 5 people" in response.content.decode()
    assert not dataset.versions.exists()


@override_settings(MAX_UPLOAD_MB=100)
def test_an_upload_over_50_mb_is_refused_with_a_message(client, researcher, theme):
    dataset = make_dataset(researcher, theme)
    client.force_login(researcher)
    big = csv_upload("a\n" + "1\n" * (25 * 1024 * 1024 + 10))
    response = client.post(
        reverse("datasets:version-upload", args=[dataset.slug]),
        {"changelog": "Stor.", "uploads": [big]},
    )
    assert response.status_code == 200
    assert "The upload is too large: at most 50 MB in all." in response.content.decode()
    assert not dataset.versions.exists()


def test_a_body_over_the_platform_limit_is_refused_before_it_is_read(client, researcher, theme):
    dataset = make_dataset(researcher, theme)
    client.force_login(researcher)
    response = client.post(
        reverse("datasets:version-upload", args=[dataset.slug]),
        {"changelog": "Stor.", "uploads": [csv_upload("a\n" + "1\n" * (6 * 1024 * 1024))]},
    )
    assert response.status_code == 413
    assert "Socius takes at most 10 MB in one sending" in response.content.decode()


def test_the_list_filters_by_theme_and_licence_in_a_fixed_number_of_queries(
    client, researcher, theme, django_assert_max_num_queries
):
    for n in range(3):
        publish(researcher, make_dataset(researcher, theme, title=f"Datasæt {n}"))
    make_dataset(researcher, theme, title="Kladde")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("datasets:dataset-list"))
    assert page.content.decode().count("Datasæt ") == 3
    assert "Kladde" not in page.content.decode()
    publish(researcher, make_dataset(researcher, theme, title="Et mere", licence="CC0-1.0"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("datasets:dataset-list"), {"licence": "CC0-1.0"})
    assert "Et mere" in page.content.decode()
    assert "Datasæt 1" not in page.content.decode()
    page = client.get(reverse("datasets:dataset-list"), {"theme": "hjemloeshed"})
    assert "Et mere" not in page.content.decode()


def test_downloads_of_a_public_dataset(client, published):
    slug = published.slug
    response = client.get(reverse("datasets:file-download", args=[slug, 1, "data.csv"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == GOOD_CSV
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    descriptor = json.loads(
        client.get(reverse("datasets:version-datapackage", args=[slug, 1])).content
    )
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert descriptor["resources"][0]["path"] == "data.csv"
    assert descriptor["contributors"][0] == {"title": "Karen Forsker", "role": "author"}
    response = client.get(reverse("datasets:version-zip", args=[slug, 1]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["data.csv", "datapackage.json"]
    cff = client.get(reverse("datasets:dataset-citation-cff", args=[slug])).content.decode()
    assert 'family-names: "Forsker"' in cff
    assert 'version: "1"' in cff
    bib = client.get(reverse("datasets:dataset-citation-bib", args=[slug])).content.decode()
    assert bib.startswith("@misc{")
    assert "Karen Forsker and Jens Hansen" in bib
    assert client.get(reverse("datasets:file-download", args=[slug, 1, "x.csv"])).status_code == 404
    assert client.get(reverse("datasets:version-zip", args=[slug, 9])).status_code == 404


def test_earlier_versions_stay_downloadable_and_published_ones_never_change(
    client, researcher, published
):
    from django.core.exceptions import ValidationError

    second = services.version_upload(
        actor=researcher,
        dataset=published,
        changelog="Rettet andel for Aarhus.",
        uploads=[csv_upload(GOOD_CSV.replace("3.1", "3.2"))],
    )
    # The draft is the owner's alone.
    assert client.get(reverse("datasets:version-zip", args=[published.slug, 2])).status_code == 404
    services.version_publish(actor=researcher, version=second)
    first = published.versions.get(number=1)
    with pytest.raises(ValidationError):
        services.version_schema_save(actor=researcher, version=first, schemas={})
    with pytest.raises(ValidationError):
        services.version_discard(actor=researcher, version=first)
    for number in (1, 2):
        url = reverse("datasets:file-download", args=[published.slug, number, "data.csv"])
        assert client.get(url).status_code == 200
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Rettet andel for Aarhus." in page
    assert "Første version." in page


def test_under_embargo_only_the_owner_and_reviewers_see_it(
    client, researcher, other_researcher, editor, citizen, theme
):
    later = timezone.localdate() + datetime.timedelta(days=30)
    dataset = make_dataset(researcher, theme, embargo_until=later)
    publish(researcher, dataset)
    urls = [
        dataset.get_absolute_url(),
        reverse("datasets:version-zip", args=[dataset.slug, 1]),
        reverse("datasets:dataset-citation-bib", args=[dataset.slug]),
    ]
    for person in (None, citizen, other_researcher):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert client.get(reverse("datasets:dataset-list")).content.decode().count(dataset.title) == 0
    for person in (researcher, editor):
        client.force_login(person)
        assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    # From the embargo date it is public.
    Dataset.objects.filter(pk=dataset.pk).update(embargo_until=timezone.localdate())
    client.logout()
    assert client.get(dataset.get_absolute_url()).status_code == 200


def test_a_reviewer_withdraws_with_a_logged_reason_and_restores(
    client, editor, published, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = reverse("datasets:dataset-withdraw", args=[published.slug])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(url, {"reason": "Indeholder små tal for Læsø."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.state == DatasetState.WITHDRAWN
    entry = AuditEntry.objects.get(action="datasets.dataset.withdraw")
    assert entry.data["reason"] == "Indeholder små tal for Læsø."
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 404
    client.force_login(editor)
    client.post(reverse("datasets:dataset-restore", args=[published.slug]))
    published.refresh_from_db()
    assert published.state == DatasetState.PUBLISHED


def test_the_owner_edits_the_details(client, researcher, published):
    client.force_login(researcher)
    url = reverse("datasets:dataset-edit", args=[published.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Nyt navn",
            "description": published.description,
            "theme": published.theme_id,
            "licence": "CC0-1.0",
            "provenance": published.provenance,
            "doi": "ikke en doi",
        },
    )
    assert response.status_code == 200  # the DOI is refused
    response = client.post(
        url,
        {
            "title": "Nyt navn",
            "description": published.description,
            "theme": published.theme_id,
            "licence": "CC0-1.0",
            "provenance": published.provenance,
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.title, published.licence) == ("Nyt navn", "CC0-1.0")
    entry = AuditEntry.objects.filter(action="datasets.dataset.update").latest("pk")
    assert sorted(entry.data["fields"]) == ["contributors", "licence", "title"]


def test_your_datasets_lists_drafts_and_reviewers_see_what_is_not_public(
    client, researcher, editor, theme
):
    make_dataset(researcher, theme, title="Min kladde")
    later = timezone.localdate() + datetime.timedelta(days=3)
    publish(researcher, make_dataset(researcher, theme, title="Under embargo", embargo_until=later))
    client.force_login(researcher)
    page = client.get(reverse("datasets:dataset-mine")).content.decode()
    assert "Min kladde" in page
    assert "Under embargo" in page
    client.force_login(editor)
    page = client.get(reverse("datasets:dataset-mine")).content.decode()
    assert "Under embargo" in page
    assert "Min kladde" not in page
