#!/usr/bin/env bash
# HTTP benchmark: production-like settings, SQLite in a temp dir, gunicorn on loopback, wrk.
# Measures requests/s and p50/p99 latency of the home page and the organisation list against
# a bare view served by the same server in the same run. See bench/README.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON_BIN=${PYTHON_BIN:-.venv/bin/python}
WORKERS=${BENCH_WORKERS:-2}
LOAD=(-t2 -c50 -d10s)
URLS=(/bench/bare/ / /organisationer/)

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it with apt-get" >&2
  apt-get install -y wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y wrk >/dev/null; }
fi

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=socius.settings
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export SOCIUS_DEBUG=0
SOCIUS_SECRET_KEY=$("$PYTHON_BIN" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SOCIUS_SECRET_KEY
export SOCIUS_ALLOWED_HOSTS=127.0.0.1,localhost
export SOCIUS_SECURE_SSL_REDIRECT=0
export SOCIUS_STATIC_ROOT="$TMP/static"
export SOCIUS_MEDIA_ROOT="$TMP/media"
export SOCIUS_ROOT_URLCONF=bench.urls
export SOCIUS_EMAIL_BACKEND=console
export SOCIUS_LOG_LEVEL=WARNING

echo "== Preparing a throwaway database in $TMP"
# collectstatic first: with manifest storage, anything that imports the URLconf (the system
# checks of migrate, for one) may need the manifest to exist already.
"$PYTHON_BIN" manage.py collectstatic --noinput -v0
"$PYTHON_BIN" manage.py migrate --noinput -v0
"$PYTHON_BIN" manage.py createcachetable
"$PYTHON_BIN" -m bench.seed --cookie-file "$TMP/member-cookies"
MEMBER_COOKIE="Cookie: $(cat "$TMP/member-cookies")"

PORT=$("$PYTHON_BIN" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
echo "== Starting gunicorn ($WORKERS workers) on $BASE"
"$PYTHON_BIN" -m gunicorn socius.wsgi:application --workers "$WORKERS" \
  --bind "127.0.0.1:$PORT" --error-logfile "$TMP/gunicorn.log" &
SERVER_PID=$!

for _ in $(seq 150); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "gunicorn exited during start-up:" >&2; cat "$TMP/gunicorn.log" >&2; exit 1
  fi
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "/healthz never answered" >&2; exit 1; }

PAIRS=()
for i in "${!URLS[@]}"; do
  url=${URLS[$i]}
  status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$url")
  if [[ $status != 200 ]]; then
    echo "$url answered $status, not 200; refusing to benchmark it" >&2
    tail -n 40 "$TMP/gunicorn.log" >&2; exit 1
  fi
  echo "== wrk ${LOAD[*]} --latency $url"
  timeout 30 wrk -t2 -c10 -d2s "$BASE$url" >/dev/null  # warm-up: imports, templates, caches
  timeout 60 wrk "${LOAD[@]}" --latency "$BASE$url" >"$TMP/wrk-$i.txt"
  PAIRS+=("$url" "$TMP/wrk-$i.txt")
done

# The same pages for a logged-in member (bench/seed.py: a citizen with a real database
# session). A session turns off the page cache that serves anonymous visitors
# (socius/core/cache.py), so every request loads the session, the person and their roles and
# renders the page with their own header.
for url in / /organisationer/; do
  i=$((i + 1))
  body=$(curl -s -H "$MEMBER_COOKIE" "$BASE$url")
  if ! grep -q "Bench Medlem" <<<"$body" || ! grep -q "Log ud" <<<"$body"; then
    echo "$url does not show the member as logged in; refusing to benchmark it" >&2
    tail -n 40 "$TMP/gunicorn.log" >&2; exit 1
  fi
  echo "== wrk ${LOAD[*]} --latency $url (logged-in member)"
  timeout 30 wrk -t2 -c10 -d2s -H "$MEMBER_COOKIE" "$BASE$url" >/dev/null
  timeout 60 wrk "${LOAD[@]}" --latency -H "$MEMBER_COOKIE" "$BASE$url" >"$TMP/wrk-$i.txt"
  PAIRS+=("$url (member)" "$TMP/wrk-$i.txt")
done

echo
"$PYTHON_BIN" bench/report.py --markdown bench/out/latest.md \
  --load "wrk ${LOAD[*]} --latency" --server "gunicorn --workers $WORKERS" "${PAIRS[@]}"
