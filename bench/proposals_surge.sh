#!/usr/bin/env bash
# Signature surge on a throwaway PostgreSQL cluster: N signatures from 200 concurrent clients
# (wrk) through the real HTTP signing endpoint (gunicorn), against raw INSERTs over as many
# connections. See bench/README.md ("Citizen proposals: signature surge").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it with apt-get" >&2
  apt-get install -y wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y wrk >/dev/null; }
fi
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
# 200 clients and 200 floor connections need more than the default 100 connections.
pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "ALTER SYSTEM SET max_connections = 300" postgres
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w restart >/dev/null
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.proposals_surge --postgres-url "$PG_URL" "$@"
