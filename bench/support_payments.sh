#!/usr/bin/env bash
# Support payments: the webhook -> ledger path against raw INSERTs of ledger rows, on a
# throwaway PostgreSQL cluster. See bench/support_payments.py; results in docs/support.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius
"$PY" -m bench.support_payments --database-url "$PG_URL" "$@"
