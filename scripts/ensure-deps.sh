#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || ! node -e "require('better-sqlite3')(':memory:').close()" >/dev/null 2>&1; then
  echo "[deps] installing npm dependencies (better-sqlite3 compiles from source: about 90 s)"
  npm ci --no-audit --no-fund
fi
