"""Fixtures of the dataset tests: a researcher (owner), another researcher, an editor
(reviewer) from the root conftest, a citizen and an outsider; CSV and zip uploads."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.atlas.datasets import services
from socius.atlas.datasets.licences import Licence
from socius.core.models import Theme
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory

GOOD_CSV = (
    "kommune,antal_personer,andel\nKøbenhavn,120,4.5\nAarhus,..,3.1\nOdense,0,\nAalborg,75,2.0\n"
)
SMALL_CELL_CSV = "kommune,antal\nKøbenhavn,120\nLæsø,3\nSamsø,12\n"


@pytest.fixture
def researcher(db: None) -> Any:
    return UserFactory(roles=[Role.RESEARCHER], name="Karen Forsker")


@pytest.fixture
def other_researcher(db: None) -> Any:
    return UserFactory(roles=[Role.RESEARCHER])


@pytest.fixture
def theme(db: None) -> Theme:
    return Theme.objects.get(slug="faellesskaber-og-ensomhed")


def csv_upload(text: str, name: str = "data.csv", *, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def zip_upload(entries: dict[str, bytes | str], name: str = "pakke.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content.encode() if isinstance(content, str) else content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def package(resources: list[dict[str, Any]], **extra: Any) -> str:
    return json.dumps({"name": "pakke", "resources": resources, **extra})


SCHEMA = {
    "fields": [
        {"name": "kommune", "type": "string"},
        {"name": "antal_personer", "type": "integer"},
        {"name": "andel", "type": "number"},
    ],
    "missingValues": ["", ".."],
}


def dataset_fields(theme: Theme, **overrides: Any) -> dict[str, Any]:
    fields = {
        "title": "Ensomhed i kommunerne",
        "description": "Andelen af voksne, der er ensomme, i fire kommuner.",
        "theme": theme,
        "licence": Licence.CC_BY_4,
        "provenance": "Udtræk fra Sundhedsprofilen 2025.",
        "contributors": "Jens Hansen",
        "doi": "",
        "embargo_until": None,
    }
    return {**fields, **overrides}


def make_dataset(owner: Any, theme: Theme, **overrides: Any) -> Any:
    return services.dataset_create(actor=owner, **dataset_fields(theme, **overrides))


def publish(owner: Any, dataset: Any, text: str = GOOD_CSV) -> Any:
    version = services.version_upload(
        actor=owner, dataset=dataset, changelog="Første version.", uploads=[csv_upload(text)]
    )
    return services.version_publish(actor=owner, version=version)


@pytest.fixture
def published(researcher: Any, theme: Theme) -> Any:
    dataset = make_dataset(researcher, theme)
    publish(researcher, dataset)
    dataset.refresh_from_db()
    return dataset
