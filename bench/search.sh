#!/usr/bin/env bash
# The search benchmark on SQLite and on a throwaway PostgreSQL 15 cluster, in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
SOCIUS_DEBUG=1 "$PY" -m bench.search --postgres-url "$PG_URL" "$@"
