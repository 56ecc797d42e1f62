#!/usr/bin/env bash
# The whole check, as `make test` runs it (and CI, through .ci/run):
# lint, types, migrations, translations, then the suite on SQLite and on PostgreSQL 15
# (a throwaway cluster on loopback). Arguments go to pytest.
#
# Which test runs where:
# - SQLite (the default database for development): every test except the browser tests and
#   the fault tests that need a PostgreSQL server to stop, lock or restart
#   (`-m "not browser and not postgresql"`).
# - PostgreSQL (production): every test that uses a database (`-m database`, a mark that
#   conftest.py sets), the browser journeys and the crawl included.
# So every database test runs on PostgreSQL, and every test that is not a browser test runs
# on SQLite. Left out: the browser tests on SQLite, and the tests without a database on
# PostgreSQL. A browser test drives the same pages through the same views as the HTTP-client
# tests that run on both databases, so a second run on SQLite mostly measures Chromium again
# (measured before this split: about 710 of the 1,740 worker-seconds of a 14.5-minute SQLite
# pass with two workers); a test without a database runs the same code on either. SQLite
# keeps the tests of the views, services and queries behind every page, which is what a
# developer on SQLite meets.
#
# Between the two, the tests marked `cache` run once more against a throwaway Redis server on
# loopback (the production cache for more than one web process).
#
# The migrated test databases are made once per engine and shared by the passes
# (SOCIUS_TEST_TEMPLATES, socius/tests_support/template.py).
#
# Each pass runs in parallel: SOCIUS_TEST_WORKERS pytest-xdist workers (default 2, one per
# core of the reference machine; 0 runs in this process alone), each with its own database.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}
BIN=$(dirname "$PY")
WORKERS=${SOCIUS_TEST_WORKERS:-2}
export SOCIUS_DEBUG=1
mkdir -p var  # the embedded SQLite database lives here
# Byte code, compiled once: every test process (each pass's workers, and the web servers, task
# workers and commands the fault tests start) imports the project's modules, and without
# __pycache__ each one compiles them again from source (about 0.9 s of CPU per process:
# django.setup() and the URL patterns took 3.3 s against 2.4 s with the byte code). An
# environment that sets PYTHONDONTWRITEBYTECODE would keep the cache from being written.
unset PYTHONDONTWRITEBYTECODE

step() { printf '\n==> %s\n' "$*"; }

# One pass of the suite. `--dist load`, not worksteal: pytest-django orders the tests so that
# transactional ones (browser journeys, concurrency) come after the others, because they end
# with a flush that empties the database (the reference data comes back only at the start of
# the next serialized-rollback test). The load scheduler hands each worker its tests in that
# order; worksteal lets an idle worker take earlier tests after it has run a flush, and they
# then find no municipalities, themes or content types. `--maxschedchunk 1`: the load
# scheduler hands out one test at a time (each worker keeps two in hand) instead of chunks of
# up to a quarter of what is left; with chunks, the slow transactional tests at the end
# queued on one worker while the other stood idle (measured on SQLite: one worker done after
# 283 s, the other after 382 s; with one at a time both after 335 s, the pass 48 s shorter).
# Any failure stops the check, "no tests collected" (exit code 5) included: a pass that ran
# nothing is no pass.
# With arguments (a subset, e.g. `-k crawl`) one pass may have nothing to run - browser tests
# have nothing on SQLite - and that pass is skipped; the subset as a whole must run something.
# The first argument is the pass's mark expression; the caller's own `-m` comes later and wins.
RAN=0
suite() {
  local marks=$1 status=0
  shift
  "$PY" -m pytest -p no:cacheprovider -n "$WORKERS" --dist load --maxschedchunk 1 -m "$marks" "$@" || status=$?
  if [ "$status" -eq 5 ] && [ "$#" -gt 0 ]; then
    echo "No test of this subset runs in this pass (-m \"$marks\" $*)."
    return 0
  fi
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests (arguments: -m \"$marks\")." >&2
  fi
  [ "$status" -eq 0 ] && RAN=$((RAN + 1))
  return "$status"
}

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

step "byte code of the project"
"$PY" -m compileall -q -j 0 socius scripts manage.py >/dev/null

step "ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .

step "translations are complete"
"$PY" scripts/check_translations.py
"$PY" manage.py compilemessages --ignore=.venv -v0

# The migrated template databases, shared by the three passes (socius/tests_support/template.py),
# are migrated in the background while mypy and the checks below run: each takes about a
# minute of one core, and mypy and the checks use one core at a time. Started after
# compilemessages, so the data migrations see the same catalogues as the tests. The Redis pass
# reuses SQLite's template.
SOCIUS_TEST_TEMPLATES=$(mktemp -d /tmp/socius-templates.XXXXXX)
export SOCIUS_TEST_TEMPLATES
source scripts/postgres.sh
pg_start
cleanup() {
  kill "${SQLITE_TEMPLATE:-}" "${PG_TEMPLATE:-}" 2>/dev/null || true
  redis_stop 2>/dev/null || true
  pg_stop
  rm -rf "$SOCIUS_TEST_TEMPLATES"
}
trap cleanup EXIT
"$PY" -m socius.tests_support.template >"$SOCIUS_TEST_TEMPLATES/sqlite.log" 2>&1 &
SQLITE_TEMPLATE=$!
DATABASE_URL="$PG_URL" "$PY" -m socius.tests_support.template >"$SOCIUS_TEST_TEMPLATES/postgresql.log" 2>&1 &
PG_TEMPLATE=$!
# The template of a pass, once its migration has finished (or why it failed).
template_ready() {
  if ! wait "$1"; then
    echo "Migrating the $2 test template failed:" >&2
    cat "$SOCIUS_TEST_TEMPLATES/$2.log" >&2
    exit 1
  fi
}

step "mypy"
"$BIN/mypy" socius

step "migrations are complete"
"$PY" manage.py makemigrations --check --dry-run

step "production settings pass check --deploy"
SOCIUS_DEBUG=0 SOCIUS_SECRET_KEY="$(head -c 48 /dev/urandom | base64 -w0)" \
  SOCIUS_PROPOSALS_IDENTITY_KEY="$(head -c 48 /dev/urandom | base64 -w0)" \
  SOCIUS_WHISTLEBLOWING_RECEIPT_SALT="$(head -c 24 /dev/urandom | base64 -w0)" \
  SOCIUS_ALLOWED_HOSTS=socius.example "$PY" manage.py check --deploy --fail-level WARNING

template_ready "$SQLITE_TEMPLATE" sqlite

step "test suite on SQLite, without the browser tests ($WORKERS workers)"
suite "not browser and not postgresql" "$@"

step "cache tests against Redis (rate limits, proof of work, page caches)"
source scripts/redis.sh
redis_start
SOCIUS_CACHE_URL="$REDIS_URL" suite "cache" "$@"
redis_stop

step "test suite on PostgreSQL 15: every test that uses a database ($WORKERS workers)"
template_ready "$PG_TEMPLATE" postgresql
DATABASE_URL="$PG_URL" suite "database" "$@"
# Count only passes that ran tests (a skipped pass has RAN unchanged).
if [ "$RAN" -eq 0 ]; then
  echo "pytest collected no tests in either pass (arguments: ${*:-none})." >&2
  exit 5
fi
