#!/usr/bin/env bash
# A throwaway PostgreSQL for the integration tests' second pass.
#
#   bash scripts/pg.sh start    start it (or reuse the one already running); prints DATABASE_URL on stdout
#   bash scripts/pg.sh stop     stop the server this script started (by its pid) and delete its data
#   bash scripts/pg.sh status   say whether it runs
#   bash scripts/pg.sh down     stop the server but keep its data (to test a restart under Wharf)
#   bash scripts/pg.sh up       start the kept data again after `down`; prints DATABASE_URL
#
# Settings: WHARF_PG_PORT (default 55432), WHARF_PG_DIR (default ${TMPDIR:-/tmp}/wharf-pg-PORT),
# WHARF_PG_DB (default wharf_test). The server listens on 127.0.0.1 only, trusts local connections and
# runs with fsync off: it is for tests, never for data that matters.
set -euo pipefail

PORT=${WHARF_PG_PORT:-55432}
STATE=${WHARF_PG_DIR:-${TMPDIR:-/tmp}/wharf-pg-$PORT}
DB=${WHARF_PG_DB:-wharf_test}
SUPERUSER=wharf
DATA=$STATE/data
LOG=$STATE/postgres.log
PIDFILE=$STATE/started.pid
URL="postgres://$SUPERUSER@127.0.0.1:$PORT/$DB"

say() { printf '[pg] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then BIN=$dir; return 0; fi
  done
  return 1
}

ensure_bin() {
  find_bin && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed: installing it with apt-get (postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    find_bin && return 0
  fi
  die "initdb, pg_ctl and postgres are needed: install PostgreSQL (Debian: apt-get install postgresql) or put its bin directory on PATH"
}

# initdb and postgres refuse to run as root: use the postgres account, or make a system account for it.
RUN_AS=()
ensure_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  local user=postgres
  if ! id "$user" >/dev/null 2>&1; then
    user=wharf-pg
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  RUN_AS=(runuser -u "$user" --)
  mkdir -p "$STATE"
  chown "$user" "$STATE"
}

pg() { "${RUN_AS[@]}" "$@"; }

is_running() {
  [[ -f $PIDFILE && -f $DATA/postmaster.pid ]] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [[ $(head -n 1 "$DATA/postmaster.pid" 2>/dev/null) == "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

psql_cmd() {
  local psql=$BIN/psql
  [[ -x $psql ]] || psql=$(command -v psql) || die "psql is needed (Debian: apt-get install postgresql-client)"
  "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" "$@"
}

ensure_db() {
  if [[ -z $(psql_cmd -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
    psql_cmd -d postgres -c "CREATE DATABASE \"$DB\"" >&2
  fi
}

run_server() {
  pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $STATE -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2 || { tail -n 30 "$LOG" >&2; die "postgres did not start"; }
  head -n 1 "$DATA/postmaster.pid" >"$PIDFILE"
}

start() {
  ensure_bin
  if is_running; then
    say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
    ensure_db
    echo "$URL"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is taken by another program: set WHARF_PG_PORT to a free port"
  fi
  ensure_user
  # Nothing of ours runs: whatever is left in the state directory is from an earlier run.
  rm -rf "$DATA" "$PIDFILE"
  mkdir -p "$STATE"
  [[ ${#RUN_AS[@]} -eq 0 ]] || chown "${RUN_AS[2]}" "$STATE"
  say "initdb in $DATA ($("$BIN/postgres" --version))"
  pg "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" -A trust -E UTF8 --no-locale >"$STATE/initdb.log" 2>&1 ||
    { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
  run_server
  ensure_db
  say "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT, database $DB"
  echo "$URL"
}

stop() {
  if ! is_running; then
    say "not running (nothing started by this script on port $PORT)"
    rm -rf "$STATE"
    return 0
  fi
  ensure_bin
  ensure_user
  local pid
  pid=$(cat "$PIDFILE")
  pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >&2 || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "postgres (pid $pid) did not stop"
  rm -rf "$STATE"
  say "stopped (pid $pid)"
}

down() {
  is_running || die "not running (nothing started by this script on port $PORT)"
  ensure_bin
  ensure_user
  pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >&2 || die "postgres did not stop"
  say "stopped; the data is kept in $DATA (bash scripts/pg.sh up starts it again)"
}

up() {
  if is_running; then
    say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
    echo "$URL"
    return 0
  fi
  [[ -f $DATA/PG_VERSION ]] || die "no kept data in $DATA: use bash scripts/pg.sh start"
  ensure_bin
  ensure_user
  run_server
  say "running again (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
  echo "$URL"
}

status() {
  if is_running; then
    say "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
    echo "$URL"
  else
    say "not running"
    return 1
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  down) down ;;
  up) up ;;
  *) die "usage: bash scripts/pg.sh start|stop|status|down|up" ;;
esac
