#!/usr/bin/env bash
# Registration surge on a throwaway PostgreSQL cluster: 2,000 people registering at once for
# 500 seats through the real HTTP view (granian), against raw INSERTs over as many
# connections. See bench/README.md ("Events: registration surge").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
# 200 clients and 200 floor connections need more than the default 100 connections.
pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "ALTER SYSTEM SET max_connections = 300" postgres
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w restart >/dev/null
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.events_registration --postgres-url "$PG_URL" "$@"
