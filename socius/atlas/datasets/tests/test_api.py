"""The datasets' JSON API: public datasets only, with versions, files and schemas."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socius.atlas.datasets.tests.conftest import make_dataset, publish

pytestmark = pytest.mark.django_db


def test_the_list_shows_public_datasets_only(client, researcher, theme, published):
    make_dataset(researcher, theme, title="Kladde")
    later = timezone.localdate() + datetime.timedelta(days=5)
    publish(researcher, make_dataset(researcher, theme, title="Embargo", embargo_until=later))
    body = client.get("/api/datasaet").json()
    assert [d["title"] for d in body["items"]] == [published.title]
    item = body["items"][0]
    assert item["licence"] == "CC-BY-4.0"
    assert item["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["latest_version"] == 1
    assert item["theme"] == theme.slug


def test_filters(client, published):
    assert client.get("/api/datasaet", {"licence": "CC0-1.0"}).json()["items"] == []
    assert client.get("/api/datasaet", {"theme": "findes-ikke"}).json()["items"] == []
    assert len(client.get("/api/datasaet", {"theme": published.theme.slug}).json()["items"]) == 1
    assert client.get("/api/datasaet", {"licence": "MIT"}).status_code == 422
    assert client.get("/api/datasaet", {"theme": "<script>"}).status_code == 422


def test_the_detail_has_versions_files_and_schemas(client, published):
    body = client.get(f"/api/datasaet/{published.slug}").json()
    assert body["authors"] == ["Karen Forsker", "Jens Hansen"]
    version = body["versions"][0]
    assert version["number"] == 1
    assert version["zip_url"].endswith("/version/1/pakke.zip")
    file = version["files"][0]
    assert file["filename"] == "data.csv"
    assert [f["name"] for f in file["table_schema"]["fields"]] == [
        "kommune",
        "antal_personer",
        "andel",
    ]
    assert "owner" not in body
    assert "email" not in str(body)


def test_a_dataset_that_is_not_public_is_404(client, researcher, theme):
    draft = make_dataset(researcher, theme)
    assert client.get(f"/api/datasaet/{draft.slug}").status_code == 404
    assert client.get("/api/datasaet/findes-ikke").status_code == 404
    assert client.get("/api/datasaet/" + "x" * 200).status_code == 404
