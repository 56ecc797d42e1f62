"""The access rule for datasets: the create page and "your datasets" answer 403 to a person
without the capability; a dataset that is not public (a draft, under embargo, withdrawn) and
every owner's page of it answer 404 to everybody else, exactly as a missing one."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socius.atlas.datasets import services
from socius.atlas.datasets.tests.conftest import GOOD_CSV, csv_upload, make_dataset, publish

pytestmark = pytest.mark.django_db


def test_pages_a_person_knows_of_answer_403_without_the_capability(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("datasets:dataset-create")).status_code == 403
    assert client.post(reverse("datasets:dataset-create"), {}).status_code == 403
    assert client.get(reverse("datasets:dataset-mine")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("datasets:dataset-create"))
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def _owner_urls(slug: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("datasets:dataset-edit", args=[slug])),
        ("get", reverse("datasets:version-upload", args=[slug])),
        ("get", reverse("datasets:version-review", args=[slug, 1])),
        ("post", reverse("datasets:version-schema", args=[slug, 1])),
        ("post", reverse("datasets:version-publish", args=[slug, 1])),
        ("post", reverse("datasets:version-discard", args=[slug, 1])),
        ("get", reverse("datasets:dataset-withdraw", args=[slug])),
        ("post", reverse("datasets:dataset-restore", args=[slug])),
    ]


def _public_urls(slug: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("datasets:dataset-detail", args=[slug])),
        ("get", reverse("datasets:version-zip", args=[slug, 1])),
        ("get", reverse("datasets:version-datapackage", args=[slug, 1])),
        ("get", reverse("datasets:file-download", args=[slug, 1, "data.csv"])),
        ("get", reverse("datasets:dataset-citation-cff", args=[slug])),
    ]


def test_a_draft_answers_404_to_everybody_but_its_owner_like_a_missing_one(
    client, researcher, other_researcher, citizen, editor, theme
):
    dataset = make_dataset(researcher, theme)
    services.version_upload(
        actor=researcher, dataset=dataset, changelog="Ny.", uploads=[csv_upload(GOOD_CSV)]
    )
    for person in (citizen, other_researcher, editor):
        client.force_login(person)
        for slug in (dataset.slug, "findes-ikke"):
            for method, url in _owner_urls(slug) + _public_urls(slug):
                assert getattr(client, method)(url).status_code == 404, (person, url)
    client.force_login(researcher)
    assert client.get(reverse("datasets:version-review", args=[dataset.slug, 1])).status_code == 200
    assert client.get(dataset.get_absolute_url()).status_code == 200


def test_an_embargoed_dataset_answers_404_to_others_and_owner_pages_stay_the_owners(
    client, researcher, other_researcher, editor, theme
):
    later = timezone.localdate() + datetime.timedelta(days=10)
    dataset = make_dataset(researcher, theme, embargo_until=later)
    publish(researcher, dataset)
    client.logout()
    for _method, url in _public_urls(dataset.slug):
        assert client.get(url).status_code == 404
    client.force_login(other_researcher)
    for method, url in _owner_urls(dataset.slug) + _public_urls(dataset.slug):
        assert getattr(client, method)(url).status_code == 404
    # A reviewer sees it but cannot change it.
    client.force_login(editor)
    assert client.get(dataset.get_absolute_url()).status_code == 200
    assert client.get(reverse("datasets:dataset-edit", args=[dataset.slug])).status_code == 404


def test_a_researcher_cannot_withdraw_another_researchers_dataset(
    client, other_researcher, published
):
    client.force_login(other_researcher)
    url = reverse("datasets:dataset-withdraw", args=[published.slug])
    assert client.post(url, {"reason": "Nej"}).status_code == 404
    published.refresh_from_db()
    assert published.state == "published"


def test_services_check_the_actor_themselves(researcher, other_researcher, citizen, published):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.dataset_create(actor=citizen, title="x")
    with pytest.raises(PermissionDenied):
        services.version_upload(
            actor=other_researcher, dataset=published, changelog="x", uploads=[]
        )
    with pytest.raises(PermissionDenied):
        services.dataset_withdraw(actor=other_researcher, dataset=published, reason="x")
    with pytest.raises(PermissionDenied):
        services.dataset_restore(actor=researcher, dataset=published)
