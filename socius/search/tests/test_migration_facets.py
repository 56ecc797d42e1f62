"""Documents indexed before migrations 0004/0005 are found by filters and prefixes after
them, and going back leaves the index of 0003 working, triggers included."""

from __future__ import annotations

import pytest
from django.db import connection

from socius.search.query import Filters
from socius.search.selectors import search_query
from socius.tests_support.migrations import migrate_to

BEFORE = [("search", "0003_narrow_vector_table")]
AFTER = [("search", "0005_fill_facets_and_words")]


def _old_index_finds(word: str) -> int:
    """How many rows the index of 0003 finds for ``word``, on this engine."""
    if connection.vendor == "postgresql":
        sql = "SELECT count(*) FROM search_vector WHERE vector @@ to_tsquery('simple', %s)"
    else:
        sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [word])
        return cursor.fetchone()[0]


def _indexed_as_0003(apps, pk: int, title: str, **fields) -> None:
    """A row as 0003 wrote it: no facets, the title's stem given."""
    defaults = {"kind": "organisation", "module": "core", "body": "", "url": f"/x/{pk}/"}
    apps.get_model("search", "SearchDocument").objects.create(
        object_pk=str(pk), title=title, title_stems=title.lower(), **{**defaults, **fields}
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_indexed_before_get_facets_and_words():
    # given two documents indexed as 0003 did: stems only
    apps = migrate_to(BEFORE)
    _indexed_as_0003(
        apps, 1, "Lektiecafé", kind="grant_round", module="grants", theme_slugs="|misbrug|",
        body_stems="naboskab",
    )  # fmt: skip
    _indexed_as_0003(apps, 2, "Naboskab")
    # when
    migrate_to(AFTER)
    # then filters and a prefix find them through the new index
    by_module = search_query(q="naboskab", filters=Filters(module="grants"))
    assert [h.document.title for h in by_module.hits] == ["Lektiecafé"]
    assert search_query(q="naboskab", filters=Filters(theme="misbrug")).total == 1
    assert search_query(q="naboskab", filters=Filters(kind="organisation")).total == 1
    assert [h.document.title for h in search_query(q="lekti", prefix=True).hits] == ["Lektiecafé"]
    # and back: the index of 0003 answers, and its triggers follow new rows
    apps = migrate_to(BEFORE)
    assert _old_index_finds("naboskab") == 2
    _indexed_as_0003(apps, 3, "Naboskab")
    assert _old_index_finds("naboskab") == 3
    migrate_to(AFTER)
    assert search_query(q="naboskab").total == 3
