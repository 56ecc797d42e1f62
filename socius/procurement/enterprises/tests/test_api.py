"""GET /api/procurement/socialoekonomi and /api/procurement/socialoekonomi/{slug}: the
catalogue as open data, public facts only; hostile parameters refused with a message."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import Criterion
from socius.tests_support.factories import OrganisationFactory

from .conftest import CVR_A, CVR_B, CVR_C, cvr_valid, enterprise_make

pytestmark = pytest.mark.django_db

URL = "/api/procurement/socialoekonomi"


@pytest.fixture
def three(contact, organisation):
    cleaning = enterprise_make(
        organisation, contact, codes=("90910000-9",), areas=("751",),
        rsv_stated_on=datetime.date(2025, 6, 15),
    )  # fmt: skip
    services.criterion_answer_save(
        actor=contact, enterprise=cleaning, criterion=Criterion.SOCIAL_PURPOSE,
        answer="Vi ansætter folk på kanten af arbejdsmarkedet.",
        evidence_url="https://example.org/vedtaegter",
    )  # fmt: skip
    parks = enterprise_make(
        OrganisationFactory(name="Parkpleje", slug="parkpleje", cvr=CVR_B, contact=contact),
        contact, codes=("77314000-4",), areas=("751", "461"), share_tenths=299,
    )  # fmt: skip
    offices = enterprise_make(
        OrganisationFactory(name="Kontorren", slug="kontorren", cvr=CVR_C, contact=contact),
        contact, codes=("90919200-4",), areas=("461",), evidence=False,
    )  # fmt: skip
    return cleaning, parks, offices


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def _today_is(monkeypatch, day: datetime.date) -> None:
    # The clock the API reads "today" from (Copenhagen's date).
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def test_the_list_gives_public_facts(client, three, monkeypatch):
    _today_is(monkeypatch, datetime.date(2026, 6, 15))
    response = client.get(URL)
    data = response.json()
    assert data["count"] == 3
    first = data["items"][0]
    assert first["name"] == "Grøn Vask ApS"
    assert first["cvr"] == CVR_A
    assert first["slug"] == "groen-vask"
    assert first["url"] == "/indkoeb/socialoekonomi/groen-vask/"
    assert first["can_bid_reserved"] is True
    assert first["rsv"] == {
        "status": "registered",
        "stated_on": "2025-06-15",
        "source": "https://datacvr.virk.dk/",
        "older_than_12_months": False,  # exactly 12 months is not yet old
    }
    assert [c["answered"] for c in first["criteria"]] == [True, False, False, False, False]
    assert first["criteria"][0]["criterion"] == "social_purpose"
    assert first["offers"] == [{"cpv_code": "90910000-9", "label": first["offers"][0]["label"]}]
    assert first["offers"][0]["label"]
    assert first["municipalities"] == [{"code": "751", "name": "Aarhus"}]
    # Nothing private: no evidence, no answers' text, no staff share or its note.
    text = response.content.decode()
    for private in ("example.org/vedtaegter", "kanten af arbejdsmarkedet", "fleksjob", "share"):
        assert private not in text


def test_the_rsv_claim_a_day_past_12_months_is_flagged(client, three, monkeypatch):
    _today_is(monkeypatch, datetime.date(2026, 6, 16))
    first = client.get(URL).json()["items"][0]
    assert first["rsv"]["older_than_12_months"] is True


def test_the_reserved_mark_needs_30_percent_and_evidence(client, three):
    marks = {i["name"]: i["can_bid_reserved"] for i in client.get(URL).json()["items"]}
    assert marks == {"Grøn Vask ApS": True, "Parkpleje": False, "Kontorren": False}


def test_filters_by_cpv_code_and_municipality(client, three):
    assert _names(client.get(URL, {"cpv": "90919200-4"})) == ["Grøn Vask ApS", "Kontorren"]
    assert _names(client.get(URL, {"cpv": "90919200"})) == ["Grøn Vask ApS", "Kontorren"]
    assert _names(client.get(URL, {"cpv": "90910000-9"})) == ["Grøn Vask ApS"]
    assert _names(client.get(URL, {"municipality": "461"})) == ["Kontorren", "Parkpleje"]
    assert _names(client.get(URL, {"municipality": "461", "cpv": "77314000-4"})) == ["Parkpleje"]
    assert _names(client.get(URL, {"municipality": "101"})) == []


def test_it_is_paged(client, three):
    data = client.get(URL, {"limit": 1, "offset": 1}).json()
    assert data["count"] == 3
    assert [i["name"] for i in data["items"]] == ["Kontorren"]
    assert client.get(URL, {"limit": 101}).status_code == 422
    assert client.get(URL, {"offset": -1}).status_code == 422


@pytest.mark.parametrize(
    ("params", "where", "words"),
    [({"cpv": "<script>alert(1)</script>"}, "cpv", "CPV code of 8 digits"),
     ({"cpv": "9" * 500}, "cpv", "CPV code of 8 digits"),
     ({"cpv": "9091000\x00"}, "cpv", "CPV code of 8 digits"),
     ({"cpv": "90910000 OR 1=1"}, "cpv", "CPV code of 8 digits"),
     ({"municipality": "75"}, "municipality", "three digits"),
     ({"municipality": "751'--"}, "municipality", "three digits"),
     ({"limit": "many"}, "limit", "integer")],
)  # fmt: skip
def test_hostile_parameters_are_refused_with_a_message(client, three, params, where, words):
    response = client.get(URL, params)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", where]
    assert words in problem["msg"]
    assert "<script>" not in problem["msg"]


@pytest.mark.parametrize(
    ("params", "words"),
    [({"cpv": "90910000-1"}, "check digit"), ({"cpv": "12345678-9"}, "not a code"),
     ({"municipality": "999"}, "No municipality has the code 999")],
)  # fmt: skip
def test_a_well_formed_code_nobody_has_is_a_404_that_says_why(client, three, params, words):
    response = client.get(URL, params)
    assert response.status_code == 404
    assert words in response.json()["detail"]


def test_the_detail(client, three):
    response = client.get(f"{URL}/parkpleje")
    data = response.json()
    assert response.status_code == 200
    assert data["name"] == "Parkpleje"
    assert data["can_bid_reserved"] is False
    assert [m["name"] for m in data["municipalities"]] == ["Aarhus", "Odense"]  # by name
    assert "description" in data


@pytest.mark.parametrize(
    "slug", ["ukendt", "a" * 221, "%00", "..%2F..%2Fetc", "<script>", "groen-vask'--"]
)
def test_an_unknown_or_hostile_slug_is_a_404(client, three, slug):
    response = client.get(f"{URL}/{slug}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_list_keeps_its_query_count(client, contact):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"cpv": "90919200-4", "municipality": "751"}).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        org = OrganisationFactory(name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(n), contact=contact)
        enterprise = enterprise_make(org, contact, codes=("90910000-9", "90000000-7"),
                                     areas=("751", "461"))  # fmt: skip
        services.criterion_answer_save(
            actor=contact,
            enterprise=enterprise,
            criterion=Criterion.GOVERNANCE,
            answer="Ja.",
            evidence_url="https://example.org/styrelse",
        )

    add(0)
    few = count()
    for n in range(1, 8):
        add(n)
    assert count() == few


def test_the_schema_documents_the_operations(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    listing = paths[URL]["get"]
    assert set(listing["responses"]) == {"200", "404", "422"}
    params = {p["name"]: p for p in listing["parameters"]}
    assert params["cpv"]["schema"]["pattern"] == "^[0-9]{8}(-[0-9])?$"
    assert params["cpv"]["description"]
    assert set(paths[URL + "/{slug}"]["get"]["responses"]) == {"200", "404"}
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("EnterpriseOut", "EnterpriseRsvOut", "EnterpriseCriterionOut"):
        assert schemas[name]["description"]
    assert schemas["EnterpriseRsvOut"]["properties"]["older_than_12_months"]["description"]
