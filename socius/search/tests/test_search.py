"""Ranking, filters, snippets and Danish word forms, on whichever engine the suite runs."""

import datetime

import pytest
from django.utils import timezone

from socius.search.query import Filters, fts5_match, query_tokens, tsquery
from socius.search.selectors import search_query

pytestmark = pytest.mark.django_db


def _titles(q, **kwargs):
    return [h.document.title for h in search_query(q=q, **kwargs).hits]


def test_a_hit_in_the_title_beats_one_in_the_body(add_doc):
    add_doc(1, "Kor for alle", "Vi synger og taler om naboskab hver uge.")
    add_doc(2, "Naboskab i Gellerup", "Et sted at mødes.")
    assert _titles("naboskab") == ["Naboskab i Gellerup", "Kor for alle"]


def test_every_word_must_be_there(add_doc):
    add_doc(1, "Madklub", "Vi laver mad i fællesskab")
    add_doc(2, "Læseklub", "Vi læser i fællesskab")
    assert _titles("fællesskab mad") == ["Madklub"]
    assert search_query(q="fællesskab").total == 2


def test_inflected_danish_words_meet(add_doc):
    add_doc(1, "Stærke fællesskaber", "")
    add_doc(2, "Om fællesskabet", "")
    add_doc(3, "Et fællesskab", "")
    for q in ("fællesskab", "fællesskaber", "fællesskabet"):
        assert sorted(_titles(q)) == ["Et fællesskab", "Om fællesskabet", "Stærke fællesskaber"]


def test_aarhus_is_not_arhus(add_doc):
    add_doc(1, "Frivillige i Århus", "")
    add_doc(2, "Frivillige i Arhus", "")
    assert _titles("Århus") == ["Frivillige i Århus"]
    assert _titles("arhus") == ["Frivillige i Arhus"]
    assert _titles("aarhus") == []


def test_stop_words_alone_find_nothing(add_doc):
    add_doc(1, "Og det er sådan", "")
    assert search_query(q="og det").total == 0


def test_prefix_matches_the_last_word_only_when_asked(add_doc):
    add_doc(1, "Lektiecafé i biblioteket", "")
    assert _titles("lektie") == []
    assert _titles("lektie", prefix=True) == ["Lektiecafé i biblioteket"]


def test_filters_by_module_kind_theme_and_date(add_doc):
    old = timezone.now() - datetime.timedelta(days=400)
    add_doc(1, "Fællesskab A", kind="organisation", module="core", themes=["misbrug"])
    add_doc(2, "Fællesskab B", kind="grant_round", module="grants", published=old)
    add_doc(3, "Fællesskab C", kind="theme", module="core", themes=["misbrug", "hjemloeshed"])
    assert _titles("fællesskab", filters=Filters(module="grants")) == ["Fællesskab B"]
    assert _titles("fællesskab", filters=Filters(kind="theme")) == ["Fællesskab C"]
    assert sorted(_titles("fællesskab", filters=Filters(theme="misbrug"))) == [
        "Fællesskab A",
        "Fællesskab C",
    ]
    assert _titles("fællesskab", filters=Filters(theme="hjemloeshed")) == ["Fællesskab C"]
    assert _titles("fællesskab", filters=Filters(theme="mis")) == []
    recent = timezone.now() - datetime.timedelta(days=30)
    assert _titles("fællesskab", filters=Filters(published_before=recent)) == ["Fællesskab B"]
    assert _titles("fællesskab", filters=Filters(published_from=recent)) == []


def test_snippets_mark_hits_and_escape_the_text(add_doc):
    add_doc(1, "<b>Fællesskaber</b>", "Før <script>alert(1)</script> kommer fællesskabet & mere.")
    (hit,) = search_query(q="fællesskab").hits
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet_html
    assert "<mark>fællesskabet</mark> &amp; mere" in hit.snippet_html
    assert hit.title_html == "&lt;b&gt;<mark>Fællesskaber</mark>&lt;/b&gt;"


def test_long_text_is_cut_around_the_hits(add_doc):
    body = " ".join(["fyld"] * 200) + " naboskab " + " ".join(["fyld"] * 200)
    add_doc(1, "Lang tekst", body)
    (hit,) = search_query(q="naboskab").hits
    assert hit.snippet_html.startswith("… ")
    assert hit.snippet_html.endswith(" …")
    assert "<mark>naboskab</mark>" in hit.snippet_html
    assert len(hit.snippet_html.split()) < 40


def test_paging_and_count(add_doc):
    for i in range(25):
        add_doc(i, f"Klub {i}", "fællesskab")
    first = search_query(q="fællesskab", limit=10)
    rest = search_query(q="fællesskab", limit=10, offset=20)
    assert first.total == 25
    assert len(first.hits) == 10
    assert len(rest.hits) == 5


def test_engine_queries_are_built_from_quoted_tokens_only():
    stems = query_tokens('fællesskaber "OR" NEAR( x*')
    assert stems == ["fællesskab", "or", "near", "x"]
    assert fts5_match(stems, prefix=True) == '"fællesskab" AND "or" AND "near" AND "x"*'
    assert tsquery(stems) == "'fællesskab' & 'or' & 'near' & 'x'"


def test_a_page_past_the_end_still_has_the_total(add_doc):
    for i in range(3):
        add_doc(i, f"Klub {i}", "fællesskab")
    results = search_query(q="fællesskab", limit=10, offset=50)
    assert results.total == 3
    assert results.hits == []
