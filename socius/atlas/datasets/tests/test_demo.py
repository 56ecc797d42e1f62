"""The demo dataset: published through the services, marked as demo data, idempotent."""

from __future__ import annotations

import pytest

from socius.atlas.datasets import demo
from socius.atlas.datasets.models import Dataset
from socius.core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_the_demo_researcher_publishes_the_demo_dataset_once(client):
    core_demo.demo_seed()
    assert demo.demo_seed()
    assert demo.demo_seed() == []
    dataset = Dataset.objects.get()
    assert dataset.title.startswith("Demodata")
    assert dataset.owner.email == "forsker@socius.example"
    assert dataset.is_public()
    published, draft = dataset.versions.order_by("number")
    assert published.published_at is not None
    assert draft.published_at is None  # the review page's demo: uploaded, not yet published
    file = published.files.get()
    assert file.rows == 98
    folketal = next(f for f in file.schema["fields"] if f["name"] == "folketal")
    assert folketal["socius:counts_people"] is True
    assert client.get(dataset.get_absolute_url()).status_code == 200
