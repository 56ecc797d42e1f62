import pytest

from socius.tests_support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/themes", "/api/municipalities", "/api/organisations", "/api/me"} <= set(paths)


def test_themes_and_municipalities(client):
    themes = client.get("/api/themes").json()
    assert len(themes) == 13
    municipalities = client.get("/api/municipalities").json()
    assert len(municipalities) == 98
    assert {"code": "101", "name": "København", "region": "Region Hovedstaden"} in municipalities


def test_organisations_are_paginated_and_filtered(client):
    OrganisationFactory(name="Klubben", kind="club")
    OrganisationFactory(name="Foreningen", kind="association")
    data = client.get("/api/organisations", {"kind": "club"}).json()
    assert data["count"] == 1
    assert data["items"][0]["name"] == "Klubben"
    assert data["items"][0]["municipality_code"] == "751"
    assert client.get("/api/organisations", {"municipality": "101"}).json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "<script>"},
        {"municipality": "1' OR '1'='1"},
        {"q": "x" * 5000},
        {"limit": "-1"},
        {"offset": "abc"},
        {"offset": 10**19},  # past the database's integer: was a 500 on SQLite
    ],
)
def test_hostile_parameters_get_a_clear_422(client, params):
    response = client.get("/api/organisations", params)
    assert response.status_code == 422
    assert "detail" in response.json()


# Every paged JSON list uses core.api_support.Pagination; these check each of them.
PAGED_LISTS = ["/api/organisations", "/api/samtaler", "/api/tilskud", "/api/faellesskaber"]
HOSTILE_PAGING = [
    {"limit": "-1"},
    {"limit": "0"},
    {"limit": "101"},
    {"limit": "abc"},
    {"limit": "1' OR '1'='1"},
    {"limit": "9" * 400},
    {"limit": 10**30},
    {"offset": "-5"},
    {"offset": "abc"},
    {"offset": "\x00"},
    {"offset": 10**30},
]


@pytest.mark.parametrize("url", PAGED_LISTS)
@pytest.mark.parametrize("params", HOSTILE_PAGING)
def test_every_paged_list_refuses_hostile_paging_with_a_clear_422(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("url", PAGED_LISTS)
def test_every_paged_list_refuses_invalid_utf8_in_the_query(client, url):
    assert client.get(url + "?limit=%FF%FE").status_code == 422


@pytest.mark.parametrize("url", PAGED_LISTS)
def test_every_paged_list_bounds_its_offset(client, url):
    assert client.get(url, {"offset": 1_000_000}).status_code == 200
    assert client.get(url, {"offset": 1_000_001}).status_code == 422
    assert client.get(url, {"offset": 10**19}).status_code == 422


def test_me_needs_a_session(client, citizen):
    assert client.get("/api/me").status_code == 401
    client.force_login(citizen)
    data = client.get("/api/me").json()
    assert data["email"] == citizen.email
    assert data["roles"] == ["citizen"]
