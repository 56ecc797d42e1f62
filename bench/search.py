"""Benchmark search: index Danish documents, then 1,000 queries, against a floor, per engine.

Run from the project root (``bash bench/search.sh`` adds a throwaway PostgreSQL)::

    SOCIUS_DEBUG=1 .venv/bin/python -m bench.search [--documents N] [--postgres-url URL]

The documents (100,000 unless ``--documents``; the goal is set at 1,000,000) come from
``bench/search_corpus.py``: the sentences of the Danish Dependency Treebank's development set
(``bench/data``, CC BY-SA 4.0) and variants generated from them, with a module and kind
each. The queries are one or two words, half drawn from the distinct words and half by word
frequency (frequent words match hundreds of thousands of documents), every fifth with
prefix matching, every tenth limited to one module.

For each engine (SQLite in a temporary file; PostgreSQL in a throwaway database created next
to the one in ``--postgres-url`` and dropped afterwards) a child process migrates, indexes
the documents through ``services.documents_store`` (what ``search_rebuild`` uses: batches,
stemming in Python) under a tqdm bar, reports the build's time and the process's peak
memory, and times every query twice over, the second pass counting: through
``search_query`` (the listed matches, ranking, the page of 20, snippets) and as the floor,
a bare ``MATCH`` / ``@@`` with the same engine query, ``LIMIT 20``, no ranking, no count.
Goal: p95 of ``search_query`` under 30 ms on both. The engines must list the same documents
for every query; the run says whether they did. Results go to ``bench/out/search-section.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.search_corpus import CONLLU, Corpus

DOCUMENTS = 100_000
QUERIES = 1_000
GOAL_MS = 30.0
OUT = Path(__file__).parent / "out" / "search-section.md"


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "max": ordered[-1] * 1000,
    }


def _build(corpus: Corpus, n: int) -> dict[str, float]:
    from django.db import connection
    from tqdm import tqdm

    from socius.core.search_registry import Document
    from socius.search.services import documents_store

    def documents():  # one at a time: the corpus is never held whole
        for i, (title, body, module, kind) in enumerate(corpus.documents(n)):
            yield kind, i, Document(title, body, f"/bench/{i}/", kind=kind, module=module)

    started = time.perf_counter()
    bar = tqdm(documents(), total=n, desc=f"index ({connection.vendor})", unit="doc")
    documents_store(bar)
    index_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("VACUUM ANALYZE search_vector")
            cursor.execute("VACUUM ANALYZE search_searchword")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return {"index_s": index_s, "ready_s": time.perf_counter() - started}


def _floor(match: Any) -> tuple[str, list[Any]]:
    """The bare engine query for ``match``: the same words and facets, unranked, 20 rows."""
    from django.db import connection

    from socius.search.query import facets_tsquery, fts5_expression, tsquery_expression

    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20"
        return sql, [fts5_expression(match)]
    sql = "SELECT document_id FROM search_vector WHERE vector @@ to_tsquery('simple', %s)"
    params = [tsquery_expression(match)]
    if match.facets:
        sql += " AND vector @@ %s::tsquery"
        params.append(facets_tsquery(match))
    return sql + " LIMIT 20", params


def _listing(q: str, prefix: bool, filters: Any) -> tuple[str, bool]:
    """A digest of the set of documents the search lists (by kind and key, not by id), and
    whether more matched: the two engines must agree on both."""
    from socius.search.models import SearchDocument
    from socius.search.query import query_tokens
    from socius.search.selectors import search_listed

    listed, more = search_listed(stems=query_tokens(q), filters=filters, prefix=prefix)
    keys = SearchDocument.objects.filter(pk__in=[pk for pk, _rank in listed])
    names = sorted(f"{k}:{pk}" for k, pk in keys.values_list("kind", "object_pk"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16], more


def _time_queries(queries: list[tuple[str, bool, str]]) -> dict[str, Any]:
    from django.db import connection

    from socius.search.query import Filters, query_tokens, search_match
    from socius.search.selectors import search_query

    ours, floor, totals, listings = [], [], [], []
    for q, prefix, module in queries:  # warm the caches once
        search_query(q=q, prefix=prefix, filters=Filters(module=module), limit=20)
    load = os.getloadavg()[0]
    for q, prefix, module in queries:
        filters = Filters(module=module)
        t0 = time.perf_counter()
        results = search_query(q=q, prefix=prefix, filters=filters, limit=20)
        ours.append(time.perf_counter() - t0)
        totals.append(results.total)
        match = search_match(query_tokens(q), filters=filters, prefix=prefix)
        t0 = time.perf_counter()
        if match is not None:
            sql, params = _floor(match)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
        floor.append(time.perf_counter() - t0)
    load = max(load, os.getloadavg()[0])
    listings = [_listing(q, prefix, Filters(module=module)) for q, prefix, module in queries]
    return {
        "ours": _ms(ours),
        "floor": _ms(floor),
        "load": load,
        "median_hits": statistics.median(totals),
        "more": sum(1 for _digest, more in listings if more),
        "listings": listings,
    }


def child(conllu: str, n: int) -> dict[str, Any]:
    """Runs inside the child process, whose DATABASE_URL names the engine."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    corpus = Corpus(Path(conllu))
    built = _build(corpus, n)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timed = _time_queries(corpus.queries(QUERIES))
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW shared_buffers")
            buffers = cursor.fetchone()[0]
        version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        version += f" (shared_buffers {buffers})"
    result = {"engine": connection.vendor, "version": version, "documents": n, "peak_mb": peak_mb}
    return {**result, **built, **timed}


def _run_child(database_url: str, conllu: str, n: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "SOCIUS_DEBUG": "1"}
    cmd = [sys.executable, "-m", "bench.search", "--child", "--conllu", conllu]
    cmd += ["--documents", str(n)]
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _postgres(url: str, conllu: str, n: int) -> dict[str, Any]:
    import psycopg

    base, _slash, _name = url.rpartition("/")
    scratch = f"socius_bench_search_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        return _run_child(f"{base}/{scratch}", conllu, n)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _agreement(results: list[dict[str, Any]]) -> str:
    if len(results) < 2:
        return "One engine only: nothing to compare."
    a, b = (r["listings"] for r in results[:2])
    same = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    verdict = "the same" if same == len(a) else "**not the same**"
    return (
        f"Both engines list {verdict} documents (by kind and key) for {same:,} of {len(a):,} "
        'queries, with the same count and the same "more".'
    )


def report(results: list[dict[str, Any]], command: str) -> str:
    first = results[0]
    lines = [
        "## Search",
        "",
        f"`{command}` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}: "
        f"{first['documents']:,} documents built from the UD Danish-DDT dev sentences "
        f"(CC BY-SA 4.0) and their variants, {QUERIES:,} queries (1-2 words, every fifth "
        "with prefix match, every tenth limited to one module).",
        "",
        "| Engine | Index | Peak memory | Ours p50 | Ours p95 | Ours max | Floor p50 | Floor p95 "
        "| p95 ratio | Listed median | More than 1,000 | Load | Goal p95 < 30 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        o, f = r["ours"], r["floor"]
        ok = "met" if o["p95"] < GOAL_MS else "**missed**"
        lines.append(
            f"| {r['engine']} {r['version']} | {r['index_s']:.0f} s | {r['peak_mb']:.0f} MB "
            f"| {o['p50']:.2f} ms | {o['p95']:.2f} ms | {o['max']:.1f} ms | {f['p50']:.2f} ms "
            f"| {f['p95']:.2f} ms | {o['p95'] / f['p95']:.1f} | {r['median_hits']:.0f} "
            f"| {r['more']:,} | {r['load']:.2f} | {ok} |"
        )
    lines += [
        "",
        "Ours: `search_query` (tokenise and stem, the listed matches with bm25 / ts_rank_cd, "
        "the count, the page of 20 with snippets). Floor: a bare `MATCH` (SQLite) or `@@` "
        "(PostgreSQL) with the same engine query, `LIMIT 20`, unranked, no count. Index: "
        "`documents_store` in batches of 500, then `optimize` (SQLite) or `VACUUM ANALYZE`; "
        "peak memory: the benchmark process's peak resident set. Load: the 1-minute load "
        "average, the higher of the start and the end of the timed pass.",
        "",
        _agreement(results),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default="")
    parser.add_argument("--conllu", default=str(CONLLU))
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.conllu, args.documents)))
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(_run_child(f"sqlite:///{tmp}/bench.sqlite3", args.conllu, args.documents))
    if args.postgres_url:
        results.append(_postgres(args.postgres_url, args.conllu, args.documents))
    command = "SOCIUS_DEBUG=1 .venv/bin/python -m bench.search"
    if args.documents != DOCUMENTS:
        command += f" --documents {args.documents}"
    if args.postgres_url:
        command += " --postgres-url URL"
    text = report(results, command)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
