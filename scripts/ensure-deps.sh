#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lock file, and makes sure the
# native SQLite driver loads.
set -euo pipefail
cd "$(dirname "$0")/.."
sqlite_loads() { node -e "require('better-sqlite3')(':memory:').close()" >/dev/null 2>&1; }
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] installing npm dependencies with npm ci (better-sqlite3 compiles from source: about 90 s)"
  npm ci --no-audit --no-fund
fi
if ! sqlite_loads; then
  echo "[deps] better-sqlite3 does not load: rebuilding it"
  npm rebuild better-sqlite3
  sqlite_loads || { echo "[deps] better-sqlite3 still does not load" >&2; exit 1; }
fi
