#!/usr/bin/env bash
# The whole check, as `make test` runs it (and CI, through .ci/run):
# lint, types, migrations, translations, then the suite on SQLite and on PostgreSQL 15
# (a throwaway cluster on loopback), browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
BIN=$(dirname "$PY")
export SOCIUS_DEBUG=1 PYTHONDONTWRITEBYTECODE=1
mkdir -p var  # the embedded SQLite database lives here

step() { printf '\n==> %s\n' "$*"; }

step "Chromium for the browser tests"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
/usr/bin/chromium --version

step "OpenID Connect test provider (npm ci from the lockfile)"
(cd tools/oidc-provider && npm ci --no-audit --no-fund --silent)

step "ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .

step "mypy"
"$BIN/mypy" socius

step "migrations are complete"
"$PY" manage.py makemigrations --check --dry-run

step "translations are complete"
"$PY" scripts/check_translations.py
"$PY" manage.py compilemessages --ignore=.venv -v0

step "production settings pass check --deploy"
SOCIUS_DEBUG=0 SOCIUS_SECRET_KEY="$(head -c 48 /dev/urandom | base64 -w0)" \
  SOCIUS_PROPOSALS_IDENTITY_KEY="$(head -c 48 /dev/urandom | base64 -w0)" \
  SOCIUS_WHISTLEBLOWING_RECEIPT_SALT="$(head -c 24 /dev/urandom | base64 -w0)" \
  SOCIUS_ALLOWED_HOSTS=socius.example "$PY" manage.py check --deploy --fail-level WARNING

step "test suite on SQLite"
"$PY" -m pytest -p no:cacheprovider "$@"

step "test suite on PostgreSQL 15"
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
DATABASE_URL="$PG_URL" "$PY" -m pytest -p no:cacheprovider "$@"
