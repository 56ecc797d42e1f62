"""Hostile queries never raise, on SQLite and on PostgreSQL alike."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socius.search.selectors import search_query

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    '"',
    '"""',
    "*",
    "-",
    ":",
    "^",
    "OR",
    "AND OR NOT",
    "NEAR(",
    "NEAR(a b, 3)",
    "title_stems:x",
    "((((",
    "))",
    "a) OR (b",
    "'; DROP TABLE search_searchdocument; --",
    "1' OR '1'='1",
    "!a & b | c <-> d:*",
    "\x00",
    "fælles\x00skab",
    "🙂🙃 fællesskab 🙂",
    "x" * 5000,
    "fællesskab " * 500,
    "%_%",
    "\\",
]
# Characters with meaning to FTS5, tsquery or SQL, plus letters, digits and oddities.
SYNTAX = st.sampled_from(list("\"'*-:^()&|!<>{}[]%_\\ \t\n\x00") + ["OR", "AND", "NOT", "NEAR"])
WORD = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@pytest.fixture
def some_docs(add_doc):
    add_doc(1, "Fællesskab i Århus", "Vi mødes OR NEAR parkeringen - og det er sjovt.")
    add_doc(2, "Naboskab", 'Citat: "hej" (uden slut')


@pytest.mark.parametrize("q", HOSTILE)
def test_it_answers_every_hostile_query(some_docs, q):
    results = search_query(q=q, prefix=True)
    assert results.total >= 0


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(SYNTAX, WORD), max_size=20).map("".join), st.booleans())
def test_it_never_raises_for_generated_queries(some_docs, q, prefix):
    results = search_query(q=q, prefix=prefix)
    assert results.total == len(results.hits) or results.total > len(results.hits)
    for hit in results.hits:
        assert "<script" not in hit.snippet_html


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=5000))
def test_it_never_raises_for_any_text(some_docs, q):
    search_query(q=q, prefix=True)
