#!/usr/bin/env bash
# The golden thread (bench/thread.py) on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.thread --postgres-url "$PG_URL" "$@"
