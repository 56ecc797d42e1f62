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
(3) The input is cut to ``MAX_QUERY_CHARS`` before tokenising and to ``MAX_TOKENS`` distinct
tokens after, and words longer than ``text.MAX_WORD_LENGTH`` are dropped. (4) The index only
ever holds what a module's ``document`` callable declared public; nothing here filters by
person, because nothing private is in the table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection

from socius.search.text import tokens

MAX_QUERY_CHARS = 1000
MAX_TOKENS = 16
# bm25 weights of the FTS5 columns (title_stems, body_stems): a hit in the title counts
# ten times one in the body. PostgreSQL: setweight A (1.0) and B (0.4) in the migration.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


@dataclass(frozen=True)
class Filters:
    module: str = ""
    kind: str = ""
    theme: str = ""
    published_from: datetime.datetime | None = None
    published_before: datetime.datetime | None = None


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


def _where(filters: Filters, alias: str) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.module:
        clauses.append(f"{alias}.module = %s")
        params.append(filters.module)
    if filters.kind:
        clauses.append(f"{alias}.kind = %s")
        params.append(filters.kind)
    if filters.theme:
        # A substring test without LIKE wildcards; "|" delimits each slug.
        find = "strpos" if connection.vendor == "postgresql" else "instr"
        clauses.append(f"{find}({alias}.theme_slugs, %s) > 0")
        params.append("|" + filters.theme + "|")
    if filters.published_from is not None:
        clauses.append(f"{alias}.published_at >= %s")
        params.append(filters.published_from)
    if filters.published_before is not None:
        clauses.append(f"{alias}.published_at < %s")
        params.append(filters.published_before)
    return "".join(f" AND {c}" for c in clauses), params


def _sql(filters: Filters) -> tuple[str, str, str, list[Any]]:
    """The id column, FROM/WHERE and the rank expression for the current engine (rank:
    lower is better)."""
    where, params = _where(filters, "d")
    if connection.vendor == "postgresql":
        # The narrow vector table alone when there is no filter; joined to the documents
        # (by primary key) only when a filter needs their columns.
        join = " JOIN search_searchdocument d ON d.id = v.document_id" if where else ""
        from_where = (
            f"FROM search_vector v{join}, to_tsquery('simple', %s) q WHERE v.vector @@ q{where}"
        )
        return "v.document_id", from_where, "-ts_rank_cd(v.vector, q)", params
    from_where = (
        "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH %s" + where
    )
    rank = f"bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    return "d.id", from_where, rank, params


def engine_query(stems: list[str], *, prefix: bool) -> str:
    if connection.vendor == "postgresql":
        return tsquery(stems, prefix=prefix)
    return fts5_match(stems, prefix=prefix)


def _sqlite_unfiltered(filters: Filters) -> bool:
    # Without filters SQLite can rank inside FTS5 ("rank MATCH ... ORDER BY rank"), which
    # keeps only the best rows in its sorter instead of joining every match first.
    return connection.vendor == "sqlite" and filters == Filters()


def search_ids(
    stems: list[str], *, filters: Filters, limit: int, offset: int, prefix: bool = False
) -> list[tuple[int, float]]:
    """Ids of matching documents with their rank (lower is better), best first."""
    if not stems:
        return []
    if _sqlite_unfiltered(filters):
        sql = (
            "SELECT rowid, rank FROM search_fts WHERE search_fts MATCH %s AND rank MATCH %s "
            "ORDER BY rank LIMIT %s OFFSET %s"
        )
        params: list[Any] = [
            fts5_match(stems, prefix=prefix),
            f"bm25({TITLE_WEIGHT}, {BODY_WEIGHT})",
            limit,
            offset,
        ]
    else:
        id_column, from_where, rank, where_params = _sql(filters)
        sql = f"SELECT {id_column} AS id, {rank} AS rank {from_where} ORDER BY rank, id LIMIT %s OFFSET %s"  # noqa: S608 (no user text in the SQL)
        params = [engine_query(stems, prefix=prefix), *where_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def search_ids_counted(
    stems: list[str], *, filters: Filters, limit: int, offset: int, prefix: bool = False
) -> tuple[list[tuple[int, float]], int | None]:
    """``search_ids`` and the total in one scan (PostgreSQL): the matches are ranked once
    into a materialised set, which gives both the page and the count. (``COUNT(*) OVER ()``
    does the same work but buffers every row a second time; measured slower.) The total is
    None when the page is empty."""
    if not stems:
        return [], 0
    id_column, from_where, rank, where_params = _sql(filters)
    sql = (
        f"WITH m AS MATERIALIZED (SELECT {id_column} AS id, {rank} AS rank {from_where}) "  # noqa: S608 (no user text in the SQL)
        "SELECT id, rank, (SELECT COUNT(*) FROM m) FROM m ORDER BY rank, id LIMIT %s OFFSET %s"
    )
    params = [engine_query(stems, prefix=prefix), *where_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = int(rows[0][2]) if rows else None
    return [(int(r[0]), float(r[1])) for r in rows], total


def search_count(stems: list[str], *, filters: Filters, prefix: bool = False) -> int:
    """How many documents match."""
    if not stems:
        return 0
    if _sqlite_unfiltered(filters):
        sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
        params: list[Any] = [fts5_match(stems, prefix=prefix)]
    else:
        _id, from_where, _rank, where_params = _sql(filters)
        sql = f"SELECT COUNT(*) {from_where}"  # noqa: S608 (no user text in the SQL)
        params = [engine_query(stems, prefix=prefix), *where_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0
