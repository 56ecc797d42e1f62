"""The atlas's pages through the test client: what a visitor reads, hidden small cells, 404s,
hostile input on the comparison, and the queries each page costs."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from socius.atlas.models import Observation, Status
from socius.atlas.tests.conftest import observe

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- Front page ---------------------------------------------------------------------------------
def test_the_front_page_lists_indicators_by_theme_every_municipality_and_the_other_parts(
    client, small_atlas
):
    response = client.get("/atlas/")
    html = _text(response)
    assert response.status_code == 200
    assert 'href="/atlas/indikator/fattigdom/"' in html
    assert "Økonomisk ulighed" in html
    assert html.count('href="/atlas/kommune/') == 98
    for link in ("/atlas/sammenlign/", "/atlas/datasaet/", "/atlas/boligomraader/"):
        assert f'href="{link}"' in html


def test_the_municipality_picker_leads_to_the_page_and_refuses_junk(client, small_atlas):
    response = client.get("/atlas/kommune/", {"kommune": "751"})
    assert response.status_code == 302
    assert response["Location"] == "/atlas/kommune/751/"
    assert client.get("/atlas/kommune/", {"kommune": "xyz"}).status_code == 404
    assert client.get("/atlas/kommune/").status_code == 404


# --- Indicator page -----------------------------------------------------------------------------
def test_an_indicator_page_has_the_map_with_its_text_alternative_the_ranked_table_and_source(
    client, small_atlas
):
    html = _text(client.get("/atlas/indikator/fattigdom/"))
    svg = re.search(r"<svg[^>]*class=\"atlas-map\"[^>]*>", html)
    assert svg
    assert 'role="img"' in svg.group(0)
    assert html.count("<path ") == 98
    # Highest and lowest named in the description; the small cell is hatched, not coloured.
    assert "Highest in Odense (4,8), lowest in Frederiksberg (3,1)" in html or (
        "Højest i Odense (4,8), lavest i Frederiksberg (3,1)" in html
    )
    assert "url(#atlas-map-none)" in html
    # Higher is worse: the lowest rate ranks first.
    table = html[html.index("<tbody>") :]
    assert table.index("Frederiksberg") < table.index("Aarhus") < table.index("Odense")
    assert "færre end 5" in html or "fewer than 5" in html
    assert "Definition af fattigdom." in html
    assert "https://api.statbank.dk/v1/data" in html
    assert "TEST2" in html  # the denominator's query too
    assert "/atlas/indikator/fattigdom/data/?format=jsonstat" in html


def test_an_indicator_page_never_shows_a_small_cells_value(client, small_atlas):
    html = _text(client.get("/atlas/indikator/fattigdom/"))
    # Læsø's 3 of 250 children would be 1,2 %.
    assert "1,2" not in html


def test_unknown_and_inactive_indicators_are_404(client, small_atlas):
    assert client.get("/atlas/indikator/findes-ikke/").status_code == 404
    small_atlas["income"].is_active = False
    small_atlas["income"].save()
    assert client.get("/atlas/indikator/indkomst/").status_code == 404


def test_a_neutral_indicator_says_rank_one_is_the_highest_not_the_best(client, small_atlas):
    html = _text(client.get("/atlas/indikator/folketal/"))
    assert "rang 1 er bare den højeste værdi" in html or "rank 1 is simply the highest" in html
    assert "ingen landsværdi" in html or "no national value" in html


# --- Municipality page --------------------------------------------------------------------------
def test_a_municipality_page_shows_every_indicator_with_national_value_rank_and_query(
    client, small_atlas
):
    html = _text(client.get("/atlas/kommune/101/"))
    for code in ("folketal", "indkomst", "fattigdom"):
        assert f'href="/atlas/indikator/{code}/"' in html
    assert "671.714" in html  # population
    assert "4,1" in html  # the national poverty rate
    assert "1 of 6" in html or "1 af 6" in html  # København is the largest
    assert 'class="atlas-spark"' in html  # poverty has a series for København
    assert "Definition af fattigdom." in html
    assert "/atlas/sammenlign/?kommune=101" in html
    assert "/temaer/oekonomisk-ulighed/" in html


def test_a_small_cell_reads_fewer_than_5_on_the_municipality_page(client, small_atlas):
    html = _text(client.get("/atlas/kommune/825/"))
    assert "færre end 5" in html or "fewer than 5" in html
    assert "1,2" not in html


def test_unknown_municipality_codes_are_404(client, small_atlas):
    for code in ("999", "411", "abc", "1011"):
        assert client.get(f"/atlas/kommune/{code}/").status_code == 404


def test_the_page_shows_a_revised_value_at_once(client, small_atlas):
    client.get("/atlas/kommune/147/")
    obs = Observation.objects.get(indicator=small_atlas["income"], area_code="147")
    obs.value = 123456
    obs.save()
    caches["pages"].clear()
    assert "123.456" in _text(client.get("/atlas/kommune/147/"))


def test_the_theme_page_lists_its_indicators(client, small_atlas):
    html = _text(client.get("/temaer/oekonomisk-ulighed/"))
    assert 'href="/atlas/indikator/fattigdom/"' in html
    assert 'href="/atlas/indikator/indkomst/"' in html
    assert 'href="/atlas/indikator/folketal/"' not in html


def test_related_content_on_the_same_theme_is_linked(client, small_atlas, citizen):
    from socius.deliberation.models import Conversation

    Conversation.objects.create(
        title="Hvordan bekæmper vi børnefattigdom?",
        slug="boernefattigdom",
        question="Hvad virker?",
        theme=small_atlas["poverty"].theme,
        is_open=True,
    )
    html = _text(client.get("/atlas/indikator/fattigdom/"))
    assert "Hvordan bekæmper vi børnefattigdom?" in html


# --- Comparison ---------------------------------------------------------------------------------
def test_compare_puts_a_municipality_beside_its_most_similar_and_shows_the_method(
    client, full_atlas
):
    response = client.get("/atlas/sammenlign/", {"kommune": "751"})
    html = _text(response)
    assert response.status_code == 200
    assert "Aarhus" in html
    assert "(log)" in html  # population is taken as its logarithm
    assert "z " in html
    assert "euklid" in html.lower() or "euclid" in html.lower()
    assert html.count('<th scope="col" class="text-align-right"><a href="/atlas/kommune/') == 6


def test_compare_picked_municipalities_with_duplicates_counted_once(client, small_atlas):
    response = client.get("/atlas/sammenlign/", {"kommuner": ["101,147", "147", " 751 "]})
    html = _text(response)
    assert response.status_code == 200
    assert html.count('<th scope="col" class="text-align-right"><a href="/atlas/kommune/') == 3


@pytest.mark.parametrize(
    "params",
    [
        {"kommuner": "junk"},
        {"kommuner": "101,<script>alert(1)</script>"},
        {"kommuner": ",".join(f"{n:03d}" for n in range(100, 600))},
        {"kommuner": "101,147,151,153,155,157,159,161,163,165,167"},
        {"kommune": "x" * 5000},
        {"kommune": "101", "kommuner": "147,151,153,155,157,159,161,163,165,167"},
    ],
)
def test_compare_refuses_hostile_input_with_a_clear_message(client, full_atlas, params):
    response = client.get("/atlas/sammenlign/", params)
    html = _text(response)
    html = html[html.index("<main") : html.index("</main>")]  # the header repeats the address
    assert response.status_code == 400
    assert "alert-error" in html
    assert "<script>alert(1)" not in html
    assert "x" * 100 not in html


def test_compare_without_a_choice_shows_the_forms(client, small_atlas):
    response = client.get("/atlas/sammenlign/")
    assert response.status_code == 200
    assert 'name="kommune"' in _text(response)
    assert _text(response).count('name="kommuner"') == 98


def test_the_group_figure_is_numerators_over_denominators_and_hidden_with_a_small_cell(
    client, small_atlas
):
    html = _text(client.get("/atlas/sammenlign/", {"kommuner": "147,751"}))
    # (500 + 2400) / (16000 + 60000) = 3,8 %, not the mean of 3,1 and 4,0 (3,6).
    assert "3,8" in html
    assert "3,6" not in html
    html = _text(client.get("/atlas/sammenlign/", {"kommuner": "147,825"}))
    # 503 / 16250 would be 3,1 %; with Læsø's small cell in the group, nothing is shown.
    assert html.count("færre end 5") + html.count("fewer than 5") >= 2


# --- Queries and the page cache -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "warm", "cold"),
    [
        ("/atlas/", 1, 1),
        ("/atlas/indikator/boernefattigdom-pct/", 1, 6),
        ("/atlas/kommune/101/", 3, 8),
        ("/atlas/sammenlign/?kommune=101", 1, 1),
        ("/atlas/sammenlign/?kommuner=101,147", 1, 1),
    ],
)
def test_each_page_runs_a_fixed_number_of_queries(
    client, full_atlas, small_atlas_extra, django_assert_num_queries, url, warm, cold
):
    """Warm: the snapshot's stamp (on a municipality: its space and Min plan's released tables);
    cold: also the same theme's conversations, publications, proposals and grant rounds, kept
    for 30 seconds."""
    client.get(url)  # the snapshot and the drawings are made once
    caches["pages"].clear()
    with django_assert_num_queries(warm):
        assert client.get(url).status_code == 200
    caches["pages"].clear()
    caches["default"].clear()
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200


@pytest.fixture
def small_atlas_extra(full_atlas, source_version):
    """More figures (a series) must not cost more queries."""
    for period in ("2020", "2021", "2022"):
        observe(source_version, full_atlas[1], "101", "30", period=period)
    return full_atlas


def test_anonymous_visitors_get_the_page_from_the_cache(
    client, small_atlas, django_assert_num_queries
):
    client.get("/atlas/kommune/101/")
    with django_assert_num_queries(0):
        assert client.get("/atlas/kommune/101/").status_code == 200


def test_a_confidential_figure_says_so(client, small_atlas, source_version):
    Observation.objects.filter(indicator=small_atlas["income"], area_code="825").update(
        value=None, status=Status.CONFIDENTIAL
    )
    # update() leaves updated_at alone: touch one row so the snapshot is read again.
    Observation.objects.get(indicator=small_atlas["income"], area_code="101").save()
    html = _text(client.get("/atlas/kommune/825/"))
    assert "fortroligt" in html or "confidential" in html


def test_english_pages(client, small_atlas):
    client.get(reverse("core:language-set", args=["en"]))
    html = _text(client.get("/atlas/kommune/101/"))
    assert "Figures for København" in html
