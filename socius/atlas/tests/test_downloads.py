"""Downloads of every view: CSV, JSON and JSON-stat 2.0; small cells never in them; bad
formats and bad comparisons answered with a clear 400."""

from __future__ import annotations

import csv
import io
import json
from math import prod

import pytest

pytestmark = pytest.mark.django_db

VIEWS = [
    "/atlas/indikator/fattigdom/data/",
    "/atlas/kommune/825/data/",
    "/atlas/sammenlign/data/?kommuner=825,147&",
]


def _get(client, url, fmt):
    joiner = "" if url.endswith("&") else "?"
    return client.get(f"{url}{joiner}format={fmt}")


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_downloads_in_three_formats_without_the_small_cell(client, small_atlas, url):
    rows = _csv(_get(client, url, "csv"))
    laesoe = [r for r in rows if r["indikator"] == "fattigdom" and r["omraadekode"] == "825"]
    assert laesoe == [
        {
            "indikator": "fattigdom",
            "omraadekode": "825",
            "omraade": "Læsø",
            "periode": "2024",
            "vaerdi": "",
            "enhed": "%",
            "taeller": "",
            "naevner": "",
            "status": "fewer_than_5",
            "rang": "",
        }
    ]
    payload = json.loads(_get(client, url, "json").content)
    small = [
        o
        for o in payload["observations"]
        if o["area_code"] == "825" and o["indicator"] == "fattigdom"
    ]
    assert small[0]["value"] is None
    assert small[0]["numerator"] is None
    assert small[0]["status"] == "fewer_than_5"
    stat = json.loads(_get(client, url, "jsonstat").content)
    assert stat["version"] == "2.0"
    assert stat["class"] == "dataset"
    assert len(stat["value"]) == prod(stat["size"])
    assert stat["id"] == ["indicator", "area", "period"]
    position = _position(stat, ("fattigdom", "825", "2024"))
    assert stat["value"][position] is None
    assert stat["status"][str(position)] == "fewer_than_5"
    for response in (_get(client, url, f) for f in ("csv", "json", "jsonstat")):
        assert "1.2" not in response.content.decode("utf-8-sig")
        assert 'attachment; filename="atlas-' in response["Content-Disposition"]


def _position(stat, key):
    position = 0
    for dim, category in zip(stat["id"], key, strict=True):
        index = stat["dimension"][dim]["category"]["index"]
        position = position * len(index) + index[category]
    return position


def test_jsonstat_puts_each_value_in_its_cell(client, small_atlas):
    stat = json.loads(client.get("/atlas/indikator/indkomst/data/?format=jsonstat").content)
    assert stat["value"][_position(stat, ("indkomst", "147", "2024"))] == 344810
    assert stat["value"][_position(stat, ("indkomst", "000", "2024"))] == 300000
    assert stat["dimension"]["indicator"]["category"]["unit"]["indkomst"]["label"] == "kr."
    assert stat["role"] == {"metric": ["indicator"], "geo": ["area"], "time": ["period"]}


def test_the_indicator_csv_has_every_municipality_and_period_and_the_ranks(client, small_atlas):
    rows = _csv(client.get("/atlas/indikator/fattigdom/data/?format=csv"))
    assert {r["omraadekode"] for r in rows} == {"000", "101", "147", "751", "461", "825", "492"}
    cph = [r for r in rows if r["omraadekode"] == "101"]
    assert [r["periode"] for r in cph] == ["2021", "2022", "2023", "2024"]
    assert [r["rang"] for r in cph] == ["", "", "", "3"]
    assert next(r for r in rows if r["omraadekode"] == "147")["rang"] == "1"


def test_the_json_download_is_the_api_answer(client, small_atlas):
    for page, api in (
        ("/atlas/indikator/fattigdom/data/?format=json", "/api/atlas/indikatorer/fattigdom"),
        ("/atlas/kommune/101/data/?format=json", "/api/atlas/kommuner/101"),
        (
            "/atlas/sammenlign/data/?kommuner=101,147&format=json",
            "/api/atlas/sammenlign?kommuner=101,147",
        ),
    ):
        assert json.loads(client.get(page).content) == json.loads(client.get(api).content)


@pytest.mark.parametrize("fmt", ["xyz", "", "CSV", "json%00", "../etc"])
def test_an_unknown_format_is_a_clear_400(client, small_atlas, fmt):
    response = client.get("/atlas/indikator/fattigdom/data/", {"format": fmt})
    assert response.status_code == 400
    assert "csv, json" in response.content.decode()


def test_comparison_downloads_refuse_bad_choices(client, small_atlas):
    assert client.get("/atlas/sammenlign/data/?format=csv").status_code == 400
    response = client.get("/atlas/sammenlign/data/?kommuner=999,junk&format=csv")
    assert response.status_code == 400
    assert "junk" in response.content.decode()
    assert client.get("/atlas/indikator/nope/data/?format=csv").status_code == 404
    assert client.get("/atlas/kommune/999/data/?format=csv").status_code == 404


def test_the_csv_is_formula_safe(client, small_atlas):
    small_atlas["income"].unit = "=HYPERLINK(1)"
    small_atlas["income"].save()
    text = client.get("/atlas/indikator/indkomst/data/?format=csv").content.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text
