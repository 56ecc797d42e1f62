"""What a search lists when more documents match than it lists, and what a prefix stands
for, on whichever engine the suite runs: both must list the same documents."""

import re
from itertools import pairwise

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from socius.core.search_registry import Document
from socius.search.query import LISTED, PREFIX_WORDS, RECENCY_SHIFTS, Filters, recency_words
from socius.search.selectors import search_listed, search_query
from socius.search.services import documents_store

pytestmark = pytest.mark.django_db

OLD_STRONG = range(5)  # the word in the title and the text, but the oldest
# Then 1,995 with the word in the text, then 2,100 newer ones of which every 50th has it: on
# PostgreSQL the newest ids hold few matches, so the search looks further back in steps.
DENSE = range(5, 2_000)
SPARSE = range(2_000, 4_100)
MATCHING = [*OLD_STRONG, *DENSE, *(pk for pk in SPARSE if pk % 50 == 0)]
TITLED = MATCHING[-5:]  # the five newest matches also have the word in the title


def _document(pk, title, body, module="core"):
    return (
        "organisation",
        pk,
        Document(title, body, f"/x/{pk}/", kind="organisation", module=module),
    )


@pytest.fixture
def crowd(db):
    def documents():
        for pk in range(SPARSE[-1] + 1):
            if pk in OLD_STRONG:
                yield _document(pk, "Naboskab og naboskab", "Naboskab i gården", module="grants")
            elif pk in TITLED:
                yield _document(pk, "Naboskab i gården", "Vi taler om naboskab")
            elif pk in DENSE or pk % 50 == 0:
                yield _document(pk, f"Klub {pk}", "Vi taler om naboskab")
            else:
                yield _document(pk, f"Strikning {pk}", "Garn og pinde")

    documents_store(documents())


def _listed_keys(q, **filters):
    from socius.search.models import SearchDocument

    listed, more = search_listed(stems=[q], filters=Filters(**filters))
    keys = SearchDocument.objects.filter(pk__in=[pk for pk, _rank in listed])
    return {int(pk) for pk in keys.values_list("object_pk", flat=True)}, more


def test_more_matches_than_listed_lists_the_newest_best_first(crowd):
    # when
    first = search_query(q="naboskab", limit=20)
    # then the newest matches are listed, not the oldest, however well those match
    assert first.total == LISTED
    assert first.more is True
    keys, more = _listed_keys("naboskab")
    assert more is True
    assert keys == set(MATCHING[-LISTED:])
    # and they are ranked: the five with the word in the title first
    assert {int(hit.document.object_pk) for hit in first.hits[:5]} == set(TITLED)
    assert all(hit.document.title.startswith("Klub") for hit in first.hits[5:])
    # and every listed document is on exactly one page
    pages = [search_query(q="naboskab", limit=100, offset=o).hits for o in range(0, LISTED, 100)]
    seen = [hit.document.object_pk for page in pages for hit in page]
    assert len(seen) == len(set(seen)) == LISTED
    assert search_query(q="naboskab", limit=20, offset=LISTED).hits == []


def test_a_filter_that_leaves_few_matches_lists_them_all(crowd):
    keys, more = _listed_keys("naboskab", module="grants")
    assert keys == set(OLD_STRONG)
    assert more is False
    results = search_query(q="naboskab", filters=Filters(module="grants"))
    assert results.total == len(OLD_STRONG)
    assert results.more is False


def test_the_page_says_there_are_more_and_pages_through_the_listed(client, crowd):
    body = client.get("/soeg/", {"q": "naboskab", "side": "50"}).content.decode()
    status = re.search(r'<p role="status">([^<]*)</p>', body)
    assert status is not None
    # in Danish, with the Danish thousands separator, and not "1.000 resultater": there are more
    assert status.group(1).startswith("Mere end 1.000 resultater. Her er de 1.000 nyeste")
    assert body.count('<li class="mb-5">') == 20
    assert "side=51" not in body


def test_the_api_says_there_are_more(client, crowd):
    data = client.get("/api/search", {"q": "naboskab", "limit": 100, "offset": 950}).json()
    assert data["count"] == LISTED
    assert data["more"] is True
    assert len(data["results"]) == 50
    narrow = client.get("/api/search", {"q": "naboskab", "module": "grants"}).json()
    assert (narrow["count"], narrow["more"]) == (len(OLD_STRONG), False)


def test_no_query_reaches_a_facet(add_doc):
    from socius.search.facets import facet_words

    published = timezone.now()
    add_doc(1, "Klub", kind="grant_round", module="grants", themes=["misbrug"], published=published)
    words = facet_words(
        module="grants", kind="grant_round", themes=("misbrug",), published=published
    )
    for word in words:
        for q in (word, word.removeprefix("_"), f'"{word}"', word[:4]):
            assert search_query(q=q).total == 0
            assert search_query(q=q, prefix=True).total == 0
    assert search_query(q="klub", filters=Filters(module="grants", theme="misbrug")).total == 1


def _row(pk, **fields):
    from socius.search.facets import facet_words
    from socius.search.models import SearchDocument

    facets = " ".join(facet_words(module="core", kind="organisation"))
    return SearchDocument.objects.create(
        id=pk, kind="organisation", module="core", object_pk=str(pk), title="Klub", url="/",
        title_stems="klub", facets=facets, **fields,
    )  # fmt: skip


def test_matches_far_apart_in_the_index_are_all_found(db):
    for pk in (10, 70_000, 2_000_000, 2_000_100):
        _row(pk)
    results = search_query(q="klub", limit=10)
    assert results.total == 4
    assert sorted(int(h.document.object_pk) for h in results.hits) == [
        10,
        70_000,
        2_000_000,
        2_000_100,
    ]


@pytest.mark.postgresql(reason="the recency words are in PostgreSQL's vectors; FTS5 reads by id")
def test_each_vector_holds_the_recency_words_of_its_id(db):
    from django.db import connection

    row = _row(1_234_567)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(vector) FROM search_vector WHERE document_id = %s", [row.id]
        )
        lexemes = set(cursor.fetchone()[0])
    expected = {f"_r{shift}x{row.id >> shift}" for shift in RECENCY_SHIFTS}
    assert {lexeme for lexeme in lexemes if lexeme.startswith("_r")} == expected


def test_a_prefix_stands_for_the_shortest_indexed_words(add_doc):
    # given more words that begin with "zq" than a prefix stands for, all as long
    words = [f"zq{n}" for n in range(100, 101 + PREFIX_WORDS)]
    for pk, word in enumerate(words):
        add_doc(pk, word.capitalize(), "")
    add_doc(len(words), "Zq1000", "")  # longer: comes last
    # when
    found = {h.document.title.lower() for h in search_query(q="zq", prefix=True, limit=100).hits}
    # then the shortest, and among equally long the first in order
    assert found == set(words[:PREFIX_WORDS])
    assert search_query(q=words[-1]).total == 1  # still found as itself


def test_a_prefix_nothing_begins_with_finds_nothing(add_doc):
    add_doc(1, "Lektiecafé", "")
    assert search_query(q="lektiu", prefix=True).total == 0
    assert search_query(q="lekti", prefix=True).total == 1


@given(st.integers(0, 2**21), st.integers(0, 2**19))
def test_recency_words_cover_the_window_and_little_else(low, width):
    high = low + width
    blocks = []
    for word in recency_words(low, high):
        shift, number = (int(x) for x in word.removeprefix("_r").split("x"))
        assert shift in RECENCY_SHIFTS
        blocks.append((number << shift, ((number + 1) << shift) - 1))
    covered = sorted(blocks)
    # every id of the window is in a block, and blocks neither overlap nor leave gaps
    assert covered[0][0] <= low
    assert covered[-1][1] >= high
    assert all(a[1] + 1 == b[0] for a, b in zip(covered, covered[1:], strict=False))
    # only the smallest blocks reach past the window, at most one at each end
    smallest = 1 << RECENCY_SHIFTS[-1]
    assert low - covered[0][0] < smallest
    assert covered[-1][1] - high < smallest
    # and the window takes few words: the largest blocks, and at either end fewer of each
    # smaller size than fit in the next larger one
    smaller = sum((1 << (a - b)) - 1 for a, b in pairwise(RECENCY_SHIFTS))
    assert len(blocks) <= (width >> RECENCY_SHIFTS[0]) + 2 * smaller + 2
