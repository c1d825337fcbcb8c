#!/usr/bin/env bash
# npm run demo: installs what is missing, brings the demo fleet up, builds and starts Wharf on SQLite,
# registers the demo hosts and prints the URL and the admin login. Ctrl-C stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-3000}"
LISTEN="${WHARF_DEMO_HOST:-127.0.0.1}"
export WHARF_DATA_DIR="${WHARF_DATA_DIR:-$PWD/data}"
export WHARF_ADMIN_USERNAME="${WHARF_ADMIN_USERNAME:-admin}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://${LISTEN}:${PORT}}"
mkdir -p "$WHARF_DATA_DIR"
chmod 700 "$WHARF_DATA_DIR"

say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }

bash scripts/ensure-deps.sh

fleet_was_up=0
if bash scripts/fleet.sh status >/dev/null 2>&1; then fleet_was_up=1; fi
say "bringing the demo fleet up (three Docker engines and a registry)"
bash scripts/fleet.sh up

# The secret that encrypts TLS keys at rest: kept beside the demo database so restarts can read it.
if [ -z "${WHARF_SECRET:-}" ]; then
  if [ ! -s "$WHARF_DATA_DIR/.secret" ]; then
    (umask 077 && openssl rand -base64 48 | tr -d '\n' > "$WHARF_DATA_DIR/.secret")
  fi
  WHARF_SECRET="$(cat "$WHARF_DATA_DIR/.secret")"
  export WHARF_SECRET
fi

first_run=0
if [ ! -e "$WHARF_DATA_DIR/wharf.db" ]; then
  first_run=1
  if [ -z "${WHARF_ADMIN_PASSWORD:-}" ]; then
    WHARF_ADMIN_PASSWORD="$(openssl rand -base64 18 | tr -d '/+=' | cut -c1-20)"
  fi
  export WHARF_ADMIN_PASSWORD
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib proxy.ts instrumentation.ts next.config.ts package.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  say "building Wharf (production build)"
  npx next build > "$WHARF_DATA_DIR/build.log" 2>&1 || { tail -40 "$WHARF_DATA_DIR/build.log"; exit 1; }
fi

say "starting Wharf on $NEXTAUTH_URL (data in $WHARF_DATA_DIR)"
set -m
npx next start -p "$PORT" -H "$LISTEN" > "$WHARF_DATA_DIR/server.log" 2>&1 &
server_pid=$!
set +m

stop_all() {
  trap - INT TERM EXIT
  say "stopping Wharf"
  kill -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  if [ "$fleet_was_up" = 0 ]; then
    say "stopping the demo fleet it started"
    bash scripts/fleet.sh down || true
  fi
  exit 0
}
trap stop_all INT TERM EXIT

for _ in $(seq 1 120); do
  if curl -fsS "$NEXTAUTH_URL/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then tail -40 "$WHARF_DATA_DIR/server.log"; exit 1; fi
  sleep 0.5
done

if [ -n "${WHARF_ADMIN_PASSWORD:-}" ]; then
  say "registering the demo hosts"
  node scripts/demo-register.mjs "$NEXTAUTH_URL" "$WHARF_ADMIN_USERNAME" "$WHARF_ADMIN_PASSWORD" "${WHARF_FLEET_DIR:-/var/tmp/wharf-fleet}/fleet.json"
elif [ "$first_run" = 0 ]; then
  say "the demo hosts were registered on the first run (set WHARF_ADMIN_PASSWORD to register them again)"
fi

echo
say "Wharf is running at $NEXTAUTH_URL"
if [ "$first_run" = 1 ]; then
  say "sign in as: $WHARF_ADMIN_USERNAME / $WHARF_ADMIN_PASSWORD   (shown once; change it under Settings)"
else
  say "sign in as $WHARF_ADMIN_USERNAME with the password printed on the first run (or WHARF_ADMIN_PASSWORD)"
fi
say "press Ctrl-C to stop"
wait "$server_pid"
