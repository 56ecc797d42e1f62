"""Open data on council items, decisions and composition: JSON and CSV, filters, bad input."""

import pytest

from socius.council import services_items as items
from socius.council.tests.items_support import council_make, meeting_make, party, secretary_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided():
    secretary = secretary_make()
    council = council_make()
    item = items.item_create(actor=secretary, council=council, source="other",
                             title="=HYPERLINK(\"http://x\")")  # fmt: skip
    items.item_schedule(actor=secretary, item=item, meeting=meeting_make(council, secretary))
    items.item_decide(actor=secretary, item=item, decision="adopted", text="Vedtaget.",
                      decision_url="https://aarhus.dk/b/2",
                      votes=[(party("Venstre"), "for", 6), (party("Socialdemokratiet"), "for", None)])  # fmt: skip
    items.item_create(actor=secretary, council=council, source="other", title="Åbent punkt")
    return item


def test_items_filter_by_municipality_and_state(client, decided):
    everything = client.get("/api/council/items").json()
    assert len(everything) == 2
    only = client.get("/api/council/items?municipality=751&state=decided").json()
    assert [i["id"] for i in only] == [str(decided.public_id)]
    assert only[0]["decision_url"] == "https://aarhus.dk/b/2"
    assert client.get("/api/council/items?municipality=461").json() == []
    assert client.get("/api/council/items?state=nonsense").status_code == 422
    assert client.get("/api/council/items?municipality=<script>").status_code == 422


def test_an_item_has_its_votes(client, decided):
    body = client.get(f"/api/council/items/{decided.public_id}").json()
    assert {v["party"]: v["seats"] for v in body["votes"]} == {"Venstre": 6,
                                                               "Socialdemokratiet": None}  # fmt: skip
    assert client.get("/api/council/items/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/api/council/items/nonsense").status_code == 422


def test_a_councils_composition(client, decided):
    body = client.get("/api/council/councils/751").json()
    assert body["seats"] == 31
    assert body["seats_by_bloc"] == {"red": 14, "centre": 3, "blue": 8}
    assert {c["name"] for c in body["committees"]} == {"Socialudvalget"}
    assert client.get("/api/council/councils/461").status_code == 404
    assert client.get("/api/council/councils/abc").status_code == 404


def test_csv_downloads_are_formula_safe(client, decided):
    rows = client.get("/api/council/items.csv").content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id;title")
    assert any("'=HYPERLINK" in r for r in rows)
    assert not any(";=HYPERLINK" in r or ';"=HYPERLINK' in r for r in rows)
    decisions = client.get("/api/council/decisions.csv").content.decode("utf-8-sig").splitlines()
    assert len(decisions) == 3  # header and one row per party's vote
    assert any("Venstre;for;6" in r for r in decisions)
