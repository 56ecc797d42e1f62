# shellcheck shell=bash
# A throwaway PostgreSQL cluster on loopback, in a temporary folder. Source this file, then
# `pg_start` (sets PG_URL) and `pg_stop`. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the `postgres` user.
pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  dirname "$(command -v pg_ctl)"
}

pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  PG_BIN=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/socius-pg.XXXXXX)
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  # Tests need no crash safety; PG_DURABLE=1 keeps PostgreSQL's defaults (for benchmarks that
  # should wait for the disk as production does).
  local PG_DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && PG_DURABILITY=""
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # 300 connections: each pytest worker's load tests hold up to 64 at once, and two workers'
  # may run at the same moment beside the live servers' and the workers' own.
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 $PG_DURABILITY" start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/socius"
  export PG_DIR PG_PORT PG_URL PG_BIN
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
