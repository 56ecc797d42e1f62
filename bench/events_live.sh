#!/usr/bin/env bash
# Live debate under load on a throwaway PostgreSQL cluster: P participants voting over HTTP,
# a task worker running the engine, the screen's lag measured. See bench/events_live.py.
# Usage: bash bench/events_live.sh [--seconds 600] [--participants 500]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.events_live --postgres-url "$PG_URL" "$@"
