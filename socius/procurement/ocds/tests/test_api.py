import pytest

from socius.procurement.ocds.schemas import Validator
from socius.procurement.ocds.tests.conftest import STATUSES


@pytest.fixture
def contracts(make_contract):
    return [make_contract(status) for status in STATUSES * 2]


def test_releases_are_paged(client, space, contracts):
    response = client.get("/api/procurement/ocds/aarhus/releases", {"year": 2026, "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(contracts)
    assert len(body["items"]) == 5
    rest = client.get(
        "/api/procurement/ocds/aarhus/releases", {"year": 2026, "limit": 5, "offset": 10}
    ).json()
    assert len(rest["items"]) == 2
    validator = Validator()
    for release in body["items"] + rest["items"]:
        assert validator.release_errors(release) == []
    ocids = {r["ocid"] for r in body["items"]} | {r["ocid"] for r in rest["items"]}
    assert len(ocids) == 7


def test_records_have_a_compiled_release(client, space, contracts):
    body = client.get("/api/procurement/ocds/aarhus/records", {"year": 2026, "month": 2}).json()
    assert body["count"] == 6
    assert all(r["compiledRelease"]["tag"] == ["compiled"] for r in body["items"])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": "2026x"},
        {"year": 1999},
        {"year": 2026, "month": 13},
        {"year": 2026, "month": 0},
        {"year": 2026, "limit": 0},
        {"year": 2026, "limit": 101},
        {"year": 2026, "offset": -1},
        {"year": 2026, "offset": 10**12},
    ],
)
def test_bad_parameters_are_422(client, space, params):
    assert client.get("/api/procurement/ocds/aarhus/releases", params).status_code == 422


@pytest.mark.parametrize("slug", ["ingen-kommune", "a" * 81, "<script>", "aarhus%00"])
def test_an_unknown_municipality_is_404(client, space, slug):
    assert client.get(f"/api/procurement/ocds/{slug}/releases", {"year": 2026}).status_code == 404


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/procurement/ocds/{space}/releases", "/api/procurement/ocds/{space}/records"):
        operation = paths[path]["get"]
        assert {"200", "404", "422"} <= set(operation["responses"])
        names = {p["name"] for p in operation["parameters"]}
        assert {"space", "year", "month", "limit", "offset"} <= names
