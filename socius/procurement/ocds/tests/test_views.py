import json

import pytest
from django.urls import reverse

from socius.core.models import Municipality, MunicipalSpace
from socius.procurement.ocds.schemas import Validator
from socius.procurement.ocds.tests.conftest import STATUSES


@pytest.fixture
def contracts(make_contract):
    return [make_contract(status) for status in STATUSES]


def test_the_data_home_explains_and_lists_municipalities(
    client, space, contracts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("procurement_ocds:data-home"))
    assert response.status_code == 200
    assert reverse("procurement_ocds:space-data", args=["aarhus"]).encode() in response.content
    assert b"OCDS" in response.content


def test_the_space_page_links_the_files(client, space, contracts, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("procurement_ocds:space-data", args=["aarhus"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("procurement_ocds:release-package-year", args=["aarhus", 2026]) in html
    assert reverse("procurement_ocds:release-package", args=["aarhus", 2026, 2]) in html
    assert reverse("procurement_ocds:record-package", args=["aarhus", 2026]) in html


def test_the_space_page_costs_the_same_with_more_contracts(
    client, space, make_contract, django_assert_max_num_queries
):
    for _ in range(30):
        make_contract("active")
    with django_assert_max_num_queries(8):
        client.get(reverse("procurement_ocds:space-data", args=["aarhus"]))


def test_the_monthly_download_is_a_valid_streamed_package(client, space, contracts):
    response = client.get(reverse("procurement_ocds:release-package", args=["aarhus", 2026, 2]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aarhus-2026-02-releases.json"'
    package = json.loads(b"".join(response.streaming_content))
    assert Validator().release_package_errors(package) == []
    assert len(package["releases"]) == 3  # awarded, active, completed in February


def test_the_record_download_is_valid(client, space, contracts):
    response = client.get(reverse("procurement_ocds:record-package", args=["aarhus", 2026]))
    assert response.status_code == 200
    package = json.loads(b"".join(response.streaming_content))
    assert Validator().record_package_errors(package) == []


@pytest.mark.parametrize(
    "url",
    [
        "/indkoeb/aabne-data/ingen-kommune/",
        "/indkoeb/aabne-data/ingen-kommune/2026/releases.json",
        "/indkoeb/aabne-data/aarhus/2026/13/releases.json",
        "/indkoeb/aabne-data/aarhus/2026/0/releases.json",
        "/indkoeb/aabne-data/aarhus/1999/releases.json",
        "/indkoeb/aabne-data/aarhus/99999999999999999999/releases.json",
        "/indkoeb/aabne-data/aarhus/2031/records.json",  # a year without contracts
    ],
)
def test_what_does_not_exist_is_404(client, space, contracts, url):
    assert client.get(url).status_code == 404


def test_a_municipality_that_does_not_take_part_is_404(client, db):
    MunicipalSpace.objects.create(
        municipality=Municipality.objects.get(code="101"),
        slug="koebenhavn",
        participates=False,
        authority="Københavns Kommune",
        contact_email="k@example.org",
    )
    assert (
        client.get(reverse("procurement_ocds:space-data", args=["koebenhavn"])).status_code == 404
    )
    url = reverse("procurement_ocds:release-package-year", args=["koebenhavn", 2026])
    assert client.get(url).status_code == 404


def test_the_downloads_answer_only_reading(client, space):
    url = reverse("procurement_ocds:release-package-year", args=["aarhus", 2026])
    assert client.post(url).status_code == 405
