"""The atlas's open-data API: the same figures as the pages, small cells without values,
404 for unknown objects and 422 for malformed codes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_indicator_list_is_paged_and_in_order(client, small_atlas):
    body = client.get("/api/atlas/indikatorer?limit=2").json()
    assert body["count"] == 3
    assert [i["code"] for i in body["items"]] == ["folketal", "indkomst"]
    assert body["items"][1]["source"]["attribution"] == "Danmarks Statistik, StatBank TEST"


def test_an_indicator_with_every_municipality_national_value_and_ranks(client, small_atlas):
    body = client.get("/api/atlas/indikatorer/fattigdom").json()
    assert body["latest_period"] == "2024"
    assert body["national"]["value"] == 4.1
    assert body["ranked"] == 4
    latest = {o["area_code"]: o for o in body["observations"] if o["period"] == "2024"}
    assert latest["147"]["rank"] == 1
    assert latest["825"] == {
        "indicator": "fattigdom",
        "area_code": "825",
        "area": "Læsø",
        "period": "2024",
        "value": None,
        "unit": "%",
        "numerator": None,
        "denominator": None,
        "status": "fewer_than_5",
        "rank": None,
    }
    assert latest["492"]["status"] == "missing"


def test_a_municipality_and_its_similar_ones(client, full_atlas):
    body = client.get("/api/atlas/kommuner/751").json()
    assert body["name"] == "Aarhus"
    assert len(body["observations"]) == len(full_atlas)
    similar = client.get("/api/atlas/kommuner/751/lignende").json()
    assert similar["municipality"]["code"] == "751"
    assert len(similar["similar"]) == 5
    assert [i["log"] for i in similar["inputs"]].count(True) == 1


def test_a_comparison_counts_duplicates_once(client, small_atlas):
    body = client.get("/api/atlas/sammenlign?kommuner=147,751,147").json()
    assert [m["code"] for m in body["municipalities"]] == ["147", "751"]
    average = next(a for a in body["averages"] if a["indicator"] == "fattigdom")
    assert round(average["value"], 4) == round(2900 / 76000 * 100, 4)
    income = next(a for a in body["averages"] if a["indicator"] == "indkomst")
    assert income == {"indicator": "indkomst", "value": None, "reason_missing": "rate"}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/atlas/indikatorer/findes-ikke", 404),
        ("/api/atlas/indikatorer/%00", 404),
        ("/api/atlas/kommuner/999", 404),
        ("/api/atlas/kommuner/abc", 422),
        ("/api/atlas/kommuner/1011/lignende", 422),
        ("/api/atlas/sammenlign?kommuner=999", 404),
        ("/api/atlas/sammenlign?kommuner=junk", 422),
        ("/api/atlas/sammenlign", 422),
        ("/api/atlas/sammenlign?kommuner=" + ",".join(["101"] * 11), 422),
        ("/api/atlas/indikatorer?offset=-1", 422),
    ],
)
def test_unknown_and_malformed_requests(client, small_atlas, url, status):
    assert client.get(url).status_code == status


def test_no_similar_municipalities_without_the_inputs(client, small_atlas):
    # Læsø has every input, Ærø too; a municipality outside the figures has none.
    assert client.get("/api/atlas/kommuner/101/lignende").status_code == 200
    assert client.get("/api/atlas/kommuner/860/lignende").status_code == 404
