#!/usr/bin/env bash
# The search benchmark on SQLite and on a throwaway PostgreSQL 15 cluster, in one run.
# BENCH_SEARCH_DOCUMENTS=1000000 (or --documents 1000000) runs it at the goal's size.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
# shared_buffers as docs/operations.md recommends for production: a quarter of the memory.
# (PostgreSQL's default, 128 MB, holds a tenth of a million documents' index.)
MEMORY_MB=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
pg_as "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
  -c "ALTER SYSTEM SET shared_buffers = '$((MEMORY_MB / 4))MB'"
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w restart >/dev/null
SOCIUS_DEBUG=1 "$PY" -m bench.search --postgres-url "$PG_URL" \
  ${BENCH_SEARCH_DOCUMENTS:+--documents "$BENCH_SEARCH_DOCUMENTS"} "$@"
