#!/usr/bin/env bash
# Medborgerskab: 30 classes of 28 pupils join and vote in one lesson, through the real HTTP
# views (granian) on a throwaway PostgreSQL cluster, against a bare view's floor in the same
# run. See bench/school_lesson.py. Pass --quick for 3 classes of 8 pupils.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.school_lesson --postgres-url "$PG_URL" "$@"
