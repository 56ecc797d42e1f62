# shellcheck shell=bash
# A throwaway Redis server on loopback, in a temporary folder, with nothing written to disk
# (no snapshots, no append-only file). Source this file, then `redis_start` (sets REDIS_URL)
# and `redis_stop`. Installs Debian's redis-server when it is missing.
redis_start() {
  if ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
  fi
  REDIS_DIR=$(mktemp -d /tmp/socius-redis.XXXXXX)
  REDIS_PORT=${REDIS_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
    --save '' --appendonly no --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/log"
  local tries=0
  until redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      echo "Redis did not start:" >&2
      cat "$REDIS_DIR/log" >&2
      return 1
    fi
    sleep 0.1
  done
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  export REDIS_DIR REDIS_PORT REDIS_URL
  echo "$(redis-server --version | awk '{print $1, $3}') on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  if [ -n "${REDIS_DIR:-}" ] && [ -d "$REDIS_DIR" ]; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$REDIS_DIR"
  fi
}
