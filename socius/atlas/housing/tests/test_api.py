"""The housing API: public areas with their statuses, the rule sets, segregation (small cells
left out) and projects; unknown objects 404, malformed parameters 422."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from socius.atlas.housing import services
from socius.atlas.housing.tests.conftest import figures

pytestmark = pytest.mark.django_db


def test_areas_with_their_status_and_figures(client, administrator, area):
    services.area_year_save(actor=administrator, area=area, year=2024,
                            **figures(outside_work_pct=D("40.01"), convicted_pct=D("3.000")))  # fmt: skip
    listing = client.get("/api/boligomraader?municipality=751").json()
    assert listing["items"][0]["latest_status"] == "udsat"
    assert client.get("/api/boligomraader?status=udsat").json()["count"] == 1
    assert client.get("/api/boligomraader?status=none").json()["count"] == 0
    assert client.get("/api/boligomraader?municipality=999").json()["count"] == 0
    detail = client.get(f"/api/boligomraader/omraade/{area.slug}").json()
    assert detail["years"][0]["outside_work_pct"] == "40.01"
    assert detail["non_western_context"] == "/atlas/boligomraader/ikke-vestlig/"
    assert detail["departments"] == ["Afdeling 1", "Afdeling 2"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/boligomraader/omraade/findes-ikke", 404),
        ("/api/boligomraader/omraade/%00", 404),
        ("/api/boligomraader?status=ghetto", 422),
        ("/api/boligomraader?municipality=12", 422),
        ("/api/boligomraader?limit=101", 422),
        ("/api/boligomraader/segregering/751", 404),
        ("/api/boligomraader/segregering/75a", 422),
    ],
)
def test_refusals(client, db, url, status):
    assert client.get(url).status_code == status


def test_rule_sets_as_data(client, db):
    data = client.get("/api/boligomraader/regelsaet").json()
    latest = data[0]
    assert latest["year"] == 2024
    assert latest["udsat"]["criteria"][0] == {"measure": "outside_work_pct", "op": "gt",
                                               "threshold": "40"}  # fmt: skip
    assert latest["forebyggelse"]["non_western"]["threshold"] == "30"
    assert data[-1]["forebyggelse"] is None


def test_segregation_leaves_out_small_cells(client, administrator, aarhus):
    services.income_import(actor=administrator, municipality=aarhus, year=2024, source="x",
                           data=b"kode;navn;laveste_kvintil;hoejeste_kvintil;beboere\n"
                                b"01;A;400;900;3000\n02;B;900;100;2000\n03;C;3;1;20\n")  # fmt: skip
    data = client.get("/api/boligomraader/segregering/751").json()
    assert 0 < float(data["dissimilarity"]) < 1
    small = next(a for a in data["areas"] if a["code"] == "03")
    assert small == {"code": "03", "name": "C", "residents": 20, "lowest": None, "highest": None}


def test_projects(client, citizen, aarhus):
    from socius.tests_support.factories import OrganisationFactory

    organisation = OrganisationFactory(contact=citizen)
    services.project_create(actor=citizen, organisation=organisation, name="Huset",
                            municipality=aarhus, description="x", homes=10, groups=["young"])  # fmt: skip
    items = client.get("/api/boligomraader/generationsboliger").json()["items"]
    assert items[0]["name"] == "Huset"
    assert items[0]["groups"] == ["young"]
