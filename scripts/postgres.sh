#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, for the tests of --db (issue 14): installs
# PostgreSQL from Debian's packages when it is missing, creates a cluster in a temporary
# directory (owned by the postgres user: the server refuses to run as root), trusts local
# connections, starts it on 127.0.0.1:$PORT, and prints the URL to use. `stop` stops it;
# `running` exits 0 when it is up.
set -euo pipefail
PORT="${MLE_FIT_PG_PORT:-54329}"
DIR="${MLE_FIT_PG_DIR:-/tmp/mle-fit-pg}"

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  echo "$found"
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = "running" ]; then
  BIN="$(bin_dir)"
  [ -n "$BIN" ] && [ -d "$DIR" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1
  exit
fi

if [ "${1:-start}" = "stop" ]; then
  BIN="$(bin_dir)"
  [ -n "$BIN" ] && [ -d "$DIR" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true
  exit 0
fi

BIN="$(bin_dir)"
if [ -z "$BIN" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(bin_dir)"
fi
if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home "$DIR" postgres
fi
if ! as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres "$DIR"
  as_postgres "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 >/dev/null
  as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR" start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
