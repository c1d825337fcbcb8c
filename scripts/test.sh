#!/usr/bin/env bash
# npm test: everything, in order, on a fresh clone and a fresh machine.
#
#   1. npm dependencies (npm ci when node_modules is missing or older than package-lock.json)
#   2. the test fleet (scripts/fleet.sh up), in the background while steps 1, 3 and 4 run
#   3. type check and lint
#   4. unit tests
#   5. integration tests against the fleet on SQLite, then on a PostgreSQL started here
#   6. production build and the Playwright suite
#   7. a table of the steps and, last, `N passed, N failed`
#
# Every step runs even when an earlier one failed, so the summary covers everything; the exit code is
# 1 when anything failed. Reports go to test-results/ (vitest-*.json and *.failures.txt, playwright.json,
# steps.tsv).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$ROOT/node_modules/.bin:$PATH"
export NEXT_TELEMETRY_DISABLED=1
export CI=${CI:-}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wharf-test-XXXXXX")
STEPS=$WORK/steps.tsv
: >"$STEPS"
PG_STARTED=0

cleanup() {
  if [[ $PG_STARTED -eq 1 ]]; then
    bash scripts/pg.sh stop || true
    PG_STARTED=0
  fi
}
trap cleanup EXIT
trap 'echo "[test] interrupted" >&2; exit 130' INT TERM

now() { date +%s%N; }

# record NAME KIND STATUS SECONDS [REPORT] [NOTE]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" >>"$STEPS"; }

# step NAME KIND REPORT TIMEOUT_SECONDS COMMAND...
step() {
  local name=$1 kind=$2 report=$3 limit=$4
  shift 4
  printf '\n\033[1m==> %s\033[0m  (%s)\n' "$name" "$*"
  local start status
  start=$(now)
  # Through bash so the exported functions below run under the same deadline as programs.
  timeout --kill-after=30 "$limit" bash -c '"$@"' "$name" "$@"
  status=$?
  local seconds
  seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  if [[ $status -eq 0 ]]; then
    record "$name" "$kind" pass "$seconds" "$report"
  else
    [[ $status -eq 124 ]] && echo "[test] $name: timed out after $limit s" >&2
    record "$name" "$kind" fail "$seconds" "$report" "exit $status"
  fi
  printf '<== %s: %s in %s s\n' "$name" "$([[ $status -eq 0 ]] && echo ok || echo "FAILED (exit $status)")" "$seconds"
  return "$status"
}

skip() { record "$1" "$2" skip 0 "" "$3"; printf '\n==> %s: skipped (%s)\n' "$1" "$3"; }


vitest_run() {  # vitest_run PROJECT REPORT (what failed goes beside REPORT, for the summary)
  WHARF_FAILURES_FILE=${2%.json}.failures.txt vitest run --project "$1" --reporter=default \
    --reporter=./scripts/vitest-failures.mjs --reporter=json --outputFile.json="$2"
}

integration_sqlite() {  # integration_sqlite REPORT: the SQLite pass, whatever DATABASE_URL the caller has
  unset DATABASE_URL
  vitest_run integration "$1"
}

export -f vitest_run integration_sqlite

pg_start() {
  local url
  url=$(bash scripts/pg.sh start) || return 1
  PG_STARTED=1
  PG_URL=$url
  echo "[test] DATABASE_URL=$PG_URL"
}

echo "[test] Wharf test run: $(date -Iseconds), node $(node --version), $(nproc) cores, reports in $WORK"

# The fleet starts in the background: the dependencies, the checks and the unit tests do not need it,
# and it mostly waits on engines booting. Its output is shown, and its step recorded, once it is
# awaited before the integration tests; the time in the table is the wait.
printf '\n\033[1m==> test fleet\033[0m  (bash scripts/fleet.sh up, in the background until the integration tests)\n'
timeout --kill-after=30 1200 bash scripts/fleet.sh up >"$WORK/fleet.log" 2>&1 &
FLEET_PID=$!

step 'npm dependencies' check '' 900 bash scripts/ensure-deps.sh
step 'type check' check '' 600 npm run --silent typecheck
step 'lint (biome)' check '' 300 biome check .
step 'unit tests' vitest "$WORK/vitest-unit.json" 600 vitest_run unit "$WORK/vitest-unit.json"

printf '\n\033[1m==> test fleet\033[0m  (awaited)\n'
fleet_t0=$(now)
wait "$FLEET_PID"
fleet_status=$?
cat "$WORK/fleet.log"
fleet_note=$(grep -o 'fleet is up in [0-9]* s' "$WORK/fleet.log" | tail -1)
record 'test fleet' check "$([[ $fleet_status -eq 0 ]] && echo pass || echo fail)" \
  "$(awk -v a="$fleet_t0" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" '' \
  "${fleet_note:+$fleet_note, }waited for after the unit tests$([[ $fleet_status -eq 0 ]] || echo "; exit $fleet_status")"
printf '<== test fleet: %s\n' "$([[ $fleet_status -eq 0 ]] && echo ok || echo "FAILED (exit $fleet_status)")"
step 'integration (SQLite)' vitest "$WORK/vitest-integration-sqlite.json" 1200 \
  integration_sqlite "$WORK/vitest-integration-sqlite.json"

# pg_start must run in this shell to keep the URL and the flag, so it is timed here rather than by step().
printf '\n\033[1m==> PostgreSQL start\033[0m  (bash scripts/pg.sh start)\n'
pg_t0=$(now)
if pg_start; then pg_status=pass; else pg_status=fail; fi
record 'PostgreSQL start' check "$pg_status" "$(awk -v a="$pg_t0" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
if [[ $pg_status == pass ]]; then
  DATABASE_URL=$PG_URL step 'integration (PostgreSQL)' vitest "$WORK/vitest-integration-postgres.json" 1200 \
    vitest_run integration "$WORK/vitest-integration-postgres.json"
  step 'PostgreSQL stop' check '' 120 bash scripts/pg.sh stop && PG_STARTED=0
else
  skip 'integration (PostgreSQL)' vitest 'PostgreSQL did not start'
fi

# The type check step above checked what the build would check again.
WHARF_BUILD_TYPECHECKED=1 step 'next build' check '' 1200 next build
build_status=$?
if [[ ! -f playwright.config.ts ]]; then
  skip 'e2e (Playwright)' playwright 'no playwright.config.ts'
elif [[ $build_status -ne 0 ]]; then
  skip 'e2e (Playwright)' playwright 'the build failed'
else
  rm -f test-results/playwright.json
  step 'e2e (Playwright)' playwright "$ROOT/test-results/playwright.json" 2400 playwright test
fi

# Keep the reports beside Playwright's (its run empties test-results/ when it starts, so they are copied last).
mkdir -p test-results
cp "$WORK"/*.json "$WORK"/*.failures.txt "$WORK/steps.tsv" test-results/ 2>/dev/null || true
sed -i "s#$WORK/#$ROOT/test-results/#" test-results/steps.tsv 2>/dev/null || true
node scripts/summary.mjs test-results/steps.tsv
status=$?
rm -rf "$WORK"
exit "$status"
