"""Benchmark search: index 100,000 Danish documents, then 1,000 queries, against a floor.

Run from the project root::

    SOCIUS_DEBUG=1 .venv/bin/python -m bench.search [--postgres-url URL] [--conllu FILE]

The documents are built (seed 2026) from the 564 sentences of the Danish Dependency Treebank's
development set (UD_Danish-DDT, ``da_ddt-ud-dev.conllu``, CC BY-SA 4.0, by the DDT team and
Universal Dependencies; default path ``../shared/data/danish/da_ddt-ud-dev.conllu`` beside the checkout): a
title of 3-9 words from one sentence and a body of 2-8 sentences. The queries are one or two
words from the same sentences, half drawn from the distinct vocabulary and half by word
frequency (common words make long result lists), some with prefix matching.

For each engine (SQLite in a temporary file; PostgreSQL in a throwaway database created next
to the one in ``--postgres-url`` and dropped afterwards) a child process migrates, indexes
through ``document_bulk_create`` (stemming in Python, with a tqdm bar), and times every query
twice: through ``search_query`` (count, ranking, 20 hits, snippets) and as the floor, a bare
``MATCH`` / ``@@`` on the same table with the same token query, ``LIMIT 20``, no ranking.
Goal: p95 of ``search_query`` under 30 ms. Results go to ``bench/out/search-section.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SEED = 2026
DOCUMENTS = 100_000
QUERIES = 1_000
GOAL_MS = 30.0
DEFAULT_CONLLU = str(
    Path(__file__).resolve().parents[2] / "shared" / "data" / "danish" / "da_ddt-ud-dev.conllu"
)
OUT = Path(__file__).parent / "out" / "search-section.md"


def sentences(path: str) -> list[str]:
    text = Path(path).read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"^# text = (.+)$", text, re.M)]


def corpus(path: str, n: int) -> tuple[list[tuple[str, str]], list[tuple[str, bool]]]:
    """``n`` (title, body) documents and ``QUERIES`` (query, prefix) pairs, deterministic."""
    from socius.search.danish_stopwords import DANISH_STOPWORDS

    rng = random.Random(SEED)
    sents = sentences(path)
    docs = []
    for _ in range(n):
        words = rng.choice(sents).split()
        start = rng.randrange(max(1, len(words) - 3))
        title = " ".join(words[start : start + rng.randint(3, 9)])
        docs.append((title, " ".join(rng.choices(sents, k=rng.randint(2, 8)))))
    tokens = [
        w.lower()
        for s in sents
        for w in re.findall(r"[^\W\d_]{3,}", s)
        if w.lower() not in DANISH_STOPWORDS
    ]
    vocabulary = sorted(set(tokens))
    queries = []
    for i in range(QUERIES):
        pool = vocabulary if i % 2 else tokens
        words = [rng.choice(pool) for _ in range(rng.choice((1, 1, 2)))]
        queries.append((" ".join(words), i % 5 == 0))
    return docs, queries


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "max": ordered[-1] * 1000,
    }


def child(conllu: str, n: int) -> dict[str, Any]:
    """Runs inside the child process, whose DATABASE_URL names the engine."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from socius.core.search_registry import Document
    from socius.search.query import engine_query, query_tokens
    from socius.search.selectors import search_query
    from socius.search.services import document_bulk_create

    call_command("migrate", verbosity=0)
    docs, queries = corpus(conllu, n)
    started = time.perf_counter()
    batch = 2_000
    for i in tqdm(range(0, n, batch), desc=f"index ({connection.vendor})", unit="batch"):
        document_bulk_create(
            [
                (
                    "bench",
                    j,
                    Document(title=t, body=b, url=f"/bench/{j}/", kind="bench", module="bench"),
                )
                for j, (t, b) in enumerate(docs[i : i + batch], start=i)
            ]
        )
    index_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("VACUUM ANALYZE search_vector")
        floor_sql = (
            "SELECT document_id FROM search_vector "
            "WHERE vector @@ to_tsquery('simple', %s) LIMIT 20"
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        floor_sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20"
    ours, floor, totals = [], [], []
    for q, prefix in queries:  # warm the caches once
        search_query(q=q, prefix=prefix, limit=20)
    for q, prefix in queries:
        t0 = time.perf_counter()
        results = search_query(q=q, prefix=prefix, limit=20)
        ours.append(time.perf_counter() - t0)
        totals.append(results.total)
        stems = query_tokens(q)
        t0 = time.perf_counter()
        if stems:
            with connection.cursor() as cursor:
                cursor.execute(floor_sql, [engine_query(stems, prefix=prefix)])
                cursor.fetchall()
        floor.append(time.perf_counter() - t0)
    return {
        "engine": connection.vendor,
        "version": connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else f"{connection.pg_version // 10000}.{connection.pg_version % 10000}",
        "documents": n,
        "index_s": index_s,
        "ours": _ms(ours),
        "floor": _ms(floor),
        "median_hits": statistics.median(totals),
        "max_hits": max(totals),
    }


def _run_child(database_url: str, conllu: str, n: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "SOCIUS_DEBUG": "1"}
    cmd = [
        sys.executable,
        "-m",
        "bench.search",
        "--child",
        "--conllu",
        conllu,
        "--documents",
        str(n),
    ]
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _postgres(url: str, conllu: str, n: int) -> dict[str, Any]:
    import psycopg

    base, _slash, _name = url.rpartition("/")
    scratch = f"socius_bench_search_{os.getpid()}"
    with psycopg.connect(url.rpartition("/")[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        return _run_child(f"{base}/{scratch}", conllu, n)
    finally:
        with psycopg.connect(url.rpartition("/")[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def report(results: list[dict[str, Any]], command: str) -> str:
    lines = [
        "## Search",
        "",
        f"`{command}` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}: "
        f"{results[0]['documents']:,} documents from the UD Danish-DDT dev sentences "
        f"(CC BY-SA 4.0), {QUERIES:,} queries (1-2 words, every fifth with prefix match).",
        "",
        "| Engine | Index | Ours p50 | Ours p95 | Ours max | Floor p50 | Floor p95 | Hits median/max | Goal p95 < 30 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        o, f = r["ours"], r["floor"]
        ok = "met" if o["p95"] < GOAL_MS else "**missed**"
        lines.append(
            f"| {r['engine']} {r['version']} | {r['index_s']:.1f} s | {o['p50']:.2f} ms | "
            f"{o['p95']:.2f} ms | {o['max']:.1f} ms | {f['p50']:.2f} ms | {f['p95']:.2f} ms | "
            f"{r['median_hits']:.0f} / {r['max_hits']:,} | {ok} |"
        )
    lines += [
        "",
        "Ours: `search_query` (tokenise and stem, ranked page of 20 with bm25 / ts_rank_cd, the "
        "total count, snippets). Floor: a bare `MATCH` (SQLite) or `@@` (PostgreSQL) with the "
        "same token query, `LIMIT 20`, unranked, no count.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default="")
    parser.add_argument("--conllu", default=DEFAULT_CONLLU)
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
    command = "SOCIUS_DEBUG=1 .venv/bin/python -m bench.search" + (
        " --postgres-url URL" if args.postgres_url else ""
    )
    text = report(results, command)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
