"""Turn what a person typed into an engine query, and run it on SQLite or PostgreSQL.

Threat model: the query text comes from anyone on the internet, through the search page and
the API, unauthenticated. An attacker may send SQL, FTS5 syntax (``NEAR(``, ``*``, ``"``,
``-``, ``:``, ``^``, ``OR``, column filters), tsquery syntax (``&``, ``|``, ``!``, ``<->``),
unbalanced parentheses or quotes, NUL bytes, emoji or megabytes of text, to (1) inject SQL,
(2) raise a syntax error in the full-text engine (a 500, or an oracle on our schema),
(3) make the engine do unbounded work, or (4) see content that is not public.

Defences: (1) the query string never becomes SQL text; it is always a bound parameter, and
filters are bound parameters too. (2) We never pass the person's text to the engine's query
parser: ``text.tokens`` keeps only runs of letters and digits, and we build the engine
query from those tokens alone, each one double-quoted (FTS5) or single-quoted (tsquery), so
no character the person typed can act as an operator; the tokens cannot contain quotes.
Filters become facet words that no token can equal (``facets.py``), and a prefix stands for
words from the index's own word list (``prefix_words``), which were tokens when indexed.
(3) The input is cut to ``MAX_QUERY_CHARS`` before tokenising and to ``MAX_TOKENS`` distinct
tokens after, and words longer than ``text.MAX_WORD_LENGTH`` are dropped; a prefix stands
for at most ``PREFIX_WORDS`` words; a date range for the day, month and year words between
the first and last publication in the index; a search ranks at most ``LISTED`` + 1 matches,
the newest, however many documents match (SQLite's bm25 still counts, once per query and
from its index, how many documents hold each word, to weigh the words). (4) The index only ever holds what a module's
``document`` callable declared public; nothing here filters by person, because nothing
private is in the table.

What a search lists: every match, best first, when at most ``LISTED`` documents match. When
more match, the ``LISTED`` newest of them (the most recently added to the index, by id),
best first, and ``Ranking.more`` says that there were more. Both engines match the same
words (the same stems, the same prefix words, the same facets) and take the same newest
ids, so they list the same documents; only the order of the list differs, by their ranking
functions (bm25 and ts_rank_cd).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection

from socius.search.facets import facet_words, published_words
from socius.search.text import tokens

MAX_QUERY_CHARS = 1000
MAX_TOKENS = 16
# The most documents one search lists (and ranks); page 50 at 20 a page.
LISTED = 1000
# The most indexed words the last word of a prefix search stands for (the shortest first).
PREFIX_WORDS = 50
# bm25 weights of the FTS5 columns (title_stems, body_stems, facets): a hit in the title
# counts ten times one in the body; facets only filter. PostgreSQL: setweight A (1.0) and B
# (0.4) in the migration.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
# PostgreSQL: blocks of 2**n ids, as the recency words in each vector (search_vector_of in
# migration 0004), largest first.
RECENCY_SHIFTS = (20, 16, 13, 10)
# PostgreSQL: how many of the newest ids the first look covers.
FIRST_WINDOW = 2048


@dataclass(frozen=True)
class Filters:
    module: str = ""
    kind: str = ""
    theme: str = ""
    published_from: datetime.datetime | None = None
    published_before: datetime.datetime | None = None


@dataclass(frozen=True)
class Match:
    """What a document must hold: a word of every group (a group has one word, or the words
    a prefix stands for), every facet, and one of the date words if there are any; with
    ``cut``, its publication must also be checked against the filter's times."""

    groups: tuple[tuple[str, ...], ...]
    facets: tuple[str, ...]
    rank_stems: tuple[str, ...]
    prefix: bool
    dates: tuple[str, ...] = ()
    cut: bool = False


@dataclass(frozen=True)
class Ranking:
    """Ids with their rank (lower is better), best first, at most ``LISTED``; ``more``: more
    documents matched than are listed."""

    hits: list[tuple[int, float]]
    more: bool


def query_tokens(raw: str) -> list[str]:
    """The distinct stems of a person's query, in order, at most ``MAX_TOKENS``."""
    seen: dict[str, None] = {}
    for token in tokens(raw[:MAX_QUERY_CHARS]):
        seen.setdefault(token, None)
        if len(seen) == MAX_TOKENS:
            break
    return list(seen)


def fts5_match(stems: list[str], *, prefix: bool = False) -> str:
    """An FTS5 MATCH expression: every token quoted, all required (AND)."""
    parts = [f'"{t}"' for t in stems]
    if prefix and parts:
        parts[-1] += "*"
    return " AND ".join(parts)


def tsquery(stems: list[str], *, prefix: bool = False) -> str:
    """A PostgreSQL tsquery text: every lexeme quoted, all required (&)."""
    parts = [f"'{t}'" for t in stems]
    if prefix and parts:
        parts[-1] += ":*"
    return " & ".join(parts)


def prefix_words(stem: str) -> list[str]:
    """The indexed words that begin with ``stem``, shortest first, at most ``PREFIX_WORDS``.
    The range is in code point order on both engines (PostgreSQL: the column's "C"
    collation), so it holds exactly the words with that beginning."""
    after = stem[:-1] + chr(ord(stem[-1]) + 1)
    sql = (
        "SELECT word FROM search_searchword WHERE word >= %s AND word < %s "
        "ORDER BY length(word), word LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stem, after, PREFIX_WORDS])
        return [row[0] for row in cursor.fetchall()]


def search_match(stems: list[str], *, filters: Filters, prefix: bool) -> Match | None:
    """The match for ``stems`` and ``filters``; None when nothing can match."""
    if not stems:
        return None
    groups: list[tuple[str, ...]] = [(stem,) for stem in stems]
    if prefix:
        words = prefix_words(stems[-1])
        if not words:
            return None
        groups[-1] = tuple(words)
    themes = (filters.theme,) if filters.theme else ()
    facets = facet_words(module=filters.module, kind=filters.kind, themes=themes)
    dates = published_words(filters.published_from, filters.published_before)
    if dates is None:
        return None
    return Match(tuple(groups), tuple(facets), tuple(stems), prefix, tuple(dates[0]), dates[1])


def fts5_expression(match: Match) -> str:
    """The FTS5 MATCH expression of ``match``. No column filter: the words of a query can
    only be in the title and text, the facets only in their column (``facets.py``), and a
    filter would make FTS5 check the column of every hit, counting them for bm25 too."""
    groups = [*match.groups, *((f,) for f in match.facets)]
    if match.dates:
        groups.append(match.dates)
    return " AND ".join("(" + " OR ".join(f'"{w}"' for w in group) + ")" for group in groups)


def tsquery_expression(match: Match) -> str:
    """The tsquery text of ``match``'s words (its facets are ``facets_tsquery``)."""
    return " & ".join("(" + " | ".join(f"'{w}'" for w in group) + ")" for group in match.groups)


def facets_tsquery(match: Match) -> str:
    """The tsquery text of ``match``'s facets and dates, for a ``::tsquery`` cast: they start
    with ``_``, which ``to_tsquery`` would take apart."""
    parts = [f"'{f}'" for f in match.facets]
    if match.dates:
        parts.append("(" + " | ".join(f"'{d}'" for d in match.dates) + ")")
    return " & ".join(parts)


def _dates(filters: Filters, alias: str) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.published_from is not None:
        clauses.append(f"{alias}.published_at >= %s")
        params.append(filters.published_from)
    if filters.published_before is not None:
        clauses.append(f"{alias}.published_at < %s")
        params.append(filters.published_before)
    return "".join(f" AND {c}" for c in clauses), params


def search_ranked(match: Match | None, *, filters: Filters) -> Ranking:
    """The documents that hold ``match`` (``search_match``) and pass ``filters``: all of
    them, best first, or the ``LISTED`` newest, best first (see module doc)."""
    if match is None:
        return Ranking([], more=False)
    if connection.vendor == "postgresql":
        newest = _postgres_newest(match, filters)
    else:
        newest = _sqlite_newest(match, filters)
    newest.sort(key=lambda row: -row[0])
    hits = sorted(newest[:LISTED], key=lambda row: (row[1], row[0]))
    return Ranking(hits, more=len(newest) > LISTED)


def _sqlite_newest(match: Match, filters: Filters) -> list[tuple[int, float]]:
    """FTS5 reads its matches by rowid, so the newest ``LISTED`` + 1 are the first it reads;
    bm25 is computed for those only."""
    dates, params = _dates(filters, "d") if match.cut else ("", [])
    join = " JOIN search_searchdocument d ON d.id = search_fts.rowid" if dates else ""
    sql = (
        f"SELECT search_fts.rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0) "  # noqa: S608 (no user text in the SQL)
        f"FROM search_fts{join} WHERE search_fts MATCH %s{dates} "
        "ORDER BY search_fts.rowid DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_expression(match), *params, LISTED + 1])
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def _postgres_newest(match: Match, filters: Filters) -> list[tuple[int, float]]:
    """The GIN index has no order, so the newest matches are found in windows of ids, newest
    first, each one described by its recency words: the index then skips the older matches
    instead of handing over all of them. The first window covers ``FIRST_WINDOW`` ids; each
    next one, older, is sized from the matches found so far to hold what is still missing,
    with room to spare, so most searches need one or two; the last reaches the first id."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(document_id) FROM search_vector")
        row = cursor.fetchone()
        top = int(row[0]) if row and row[0] is not None else 0
        found: list[tuple[int, float]] = []
        high, window = top, FIRST_WINDOW
        while high >= 0 and len(found) <= LISTED:
            low = max(0, high - window + 1)
            missing = LISTED + 1 - len(found)
            found += _postgres_window(cursor, match, filters, (low, high, top), missing)
            covered = top - low + 1
            missing = LISTED + 1 - len(found)
            high = low - 1
            window = covered * 16 if not found else missing * covered * 3 // (2 * len(found)) + 64
    return found


def _postgres_window(
    cursor: Any, match: Match, filters: Filters, ids: tuple[int, int, int], missing: int
) -> list[tuple[int, float]]:
    """The ``missing`` newest matches with ids ``low``..``high`` (``ids``: low, high and the
    newest id), ranked. The inner query sorts their row addresses only; the ranking reads
    those rows again."""
    low, high, top = ids
    limits = [facets_tsquery(match)] if match.facets or match.dates else []
    whole = low == 0 and high == top
    if not whole:
        limits.append("(" + " | ".join(f"'{w}'" for w in recency_words(low, high)) + ")")
    dates, date_params = _dates(filters, "d") if match.cut else ("", [])
    join = " JOIN search_searchdocument d ON d.id = v.document_id" if dates else ""
    where = "v.vector @@ to_tsquery('simple', %s)"
    params: list[Any] = [tsquery_expression(match)]
    if limits:
        where += " AND v.vector @@ %s::tsquery"
        params.append(" & ".join(limits))
    if not whole:
        # "+ 0": a filter on the rows the GIN index found, not a second index to read.
        where += " AND v.document_id + 0 BETWEEN %s AND %s"
        params += [low, high]
    sql = (
        f"WITH found AS (SELECT v.ctid AS address FROM search_vector v{join} WHERE {where}{dates} "  # noqa: S608 (no user text in the SQL)
        "ORDER BY v.document_id + 0 DESC LIMIT %s) "
        "SELECT v.document_id, -ts_rank_cd(v.vector, to_tsquery('simple', %s)) "
        "FROM search_vector v WHERE v.ctid = ANY(ARRAY(SELECT address FROM found))"
    )
    rank = tsquery(list(match.rank_stems), prefix=match.prefix)
    cursor.execute(sql, [*params, *date_params, missing, rank])
    return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def recency_words(low: int, high: int) -> list[str]:
    """The recency words of the fewest id blocks that cover ``low``..``high`` (blocks of the
    smallest size may reach past either end; the query also filters by id)."""
    words = []
    start = low
    while start <= high:
        for shift in RECENCY_SHIFTS:
            size = 1 << shift
            if (start % size == 0 and start + size - 1 <= high) or shift == RECENCY_SHIFTS[-1]:
                words.append(f"_r{shift}x{start >> shift}")
                start = (start >> shift) * size + size
                break
    return words
